"""Undo and redo of the user's text corrections: one ``QUndoStack`` for the main window.

A correction is one command holding the page (its key in the list), the line index, the line's
text, edited flag and runner-up readings before, and the new text. Redo goes through the core's
``PageResult.set_line_text`` (``Line.correct``); undo puts back exactly what the line had
(``PageResult.restore_line``), so an undone line
is no longer marked as corrected and its possible hits come back. Either way the page is matched
for keywords again (the highlights follow the text) and the session keeps the result.

A command whose page has left the window, or whose line no longer holds the text it expects (the
page was read again), does nothing and is dropped from the stack.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QUndoCommand, QUndoStack

# The parts get the main window itself (``win``) and use its public interface; they do not import
# it (the window imports them).
MainWindow = Any

logger = logging.getLogger(__name__)


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class LineCorrection(QUndoCommand):
    def __init__(self, owner: Corrections, key: int, index: int, new_text: str):
        super().__init__(tr("correct line {0}").format(index + 1))
        self.owner = owner
        self.key = key
        self.index = index
        self.new_text = new_text
        line = owner.line(key, index)
        assert line is not None
        self.old_text = line.text
        self.old_edited = line.edited
        self.old_alternates = list(line.alternates)

    def redo(self) -> None:
        line = self.owner.line(self.key, self.index)
        if line is None or line.text != self.old_text:
            self.setObsolete(True)
            return
        self.owner.result(self.key).set_line_text(self.index, self.new_text)  # Line.correct
        self.owner.line_changed(self.key, self.index, tr("Line {0} corrected"))

    def undo(self) -> None:
        line = self.owner.line(self.key, self.index)
        if line is None or line.text != self.new_text:
            self.setObsolete(True)
            return
        self.owner.result(self.key).restore_line(
            self.index, self.old_text, self.old_edited, self.old_alternates
        )
        self.owner.line_changed(self.key, self.index, tr("Correction of line {0} undone"))


class Corrections:
    def __init__(self, win: MainWindow):
        self.win = win
        self.stack = QUndoStack(win)

    def correct(self, key: int, index: int, text: str) -> None:
        """The user's new text for a line: done now, and undoable."""
        line = self.line(key, index)
        if line is None or line.text == text:
            return
        self.stack.push(LineCorrection(self, key, index, text))

    def undo(self) -> None:
        self.stack.undo()

    def redo(self) -> None:
        self.stack.redo()

    def result(self, key: int):
        e = self.win.model.entry(key)
        return e.result if e is not None and e.result is not None and e.result.error is None else None

    def line(self, key: int, index: int):
        result = self.result(key)
        return result.lines[index] if result is not None and 0 <= index < len(result.lines) else None

    def line_changed(self, key: int, index: int, message: str) -> None:
        """A line's text changed (corrected, undone, redone): every view of it follows."""
        win = self.win
        e = win.model.entry(key)
        if e is None:
            return
        e.record = None  # the session writes the page anew
        if win.current_key != key:
            win.select_page(key)  # an undo shows the page it changes
        else:
            win.view.update_line_text(index)
            win.text_panel.update_line(index)
        win.model.changed(key)
        win.keyword_hits.line_corrected(e)  # the line's old hits off at once, then matched again
        win.session.touch(soon=True)
        win.show_status(message.format(index + 1), 4000)


__all__ = ["Corrections", "LineCorrection"]
