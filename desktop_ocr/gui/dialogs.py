"""The main window's questions and error messages.

Questions go through one ``ask(title, text, default) -> bool`` callable: a Yes/No message box
unless the composition root (or a test) hands in another. Errors are shown in a message box that
does not block the window, and each one is kept in ``errors`` (what a user was told).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

logger = logging.getLogger(__name__)

Ask = Callable[[str, str, bool], bool]  # title, question, answer of the default button -> yes?


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def message_box_ask(parent: QWidget | None) -> Ask:
    """The real question: a modal Yes/No message box over ``parent``."""

    def ask(title: str, text: str, default: bool) -> bool:
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        return QMessageBox.question(parent, title, text, yes | no, yes if default else no) == yes

    return ask


class Dialogs:
    def __init__(self, parent: QWidget, ask: Ask | None = None):
        self.parent = parent
        self.ask: Ask = ask or message_box_ask(parent)
        self.errors: list[tuple[str, str]] = []  # every error shown to the user (title, text)
        self.error_box: QMessageBox | None = None  # the one on screen

    def confirm(self, title: str, text: str) -> bool:
        """A question whose safe answer (the default button) is No."""
        return self.ask(title, text, False)

    def confirm_overwrite(self, path: str) -> bool:
        return self.confirm(
            tr("Replace the file?"), tr("{0} already exists. Replace it?").format(os.path.basename(path))
        )

    def show_error(self, title: str, text: str) -> None:
        """A message box that does not block (the window keeps working); the newest replaces the last."""
        logger.warning("%s: %s", title, text)
        self.errors.append((title, text))
        if self.error_box is not None:
            self.error_box.close()
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.parent)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r, b=box: self._closed(b))
        self.error_box = box
        box.open()

    def _closed(self, box: QMessageBox) -> None:
        if self.error_box is box:
            self.error_box = None


__all__ = ["Ask", "Dialogs", "message_box_ask"]
