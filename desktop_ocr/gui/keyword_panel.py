"""Keywords to look for, and the hits found: per page and for the whole batch.

The box takes one keyword a line, the same syntax as a list file (``core.keywords``): ``#``
comments, ``w:`` whole word, ``s:`` also inside words, ``re:`` a regular expression; the "?" button
explains it. Typing is debounced; ``keywords_changed`` carries the whole text. The "Whole words"
box is the list's option for keywords without a prefix (``whole_words_changed``). Problems (bad
regular expressions, regexes that ran too long) are shown under the box.

The main window and the video review each show one of these panels over the app's one list
(``KeywordStore``); the video review's has no hit list (its events show their hits).
"""

from __future__ import annotations

import bisect
import logging

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFontDatabase, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_ocr.core.keywords import KeywordList, read_keyword_file
from desktop_ocr.core.results import Hit, Line

logger = logging.getLogger(__name__)

KeyRole = Qt.ItemDataRole.UserRole + 1
HitRole = Qt.ItemDataRole.UserRole + 2
DEBOUNCE_MS = 350


def tr(text: str) -> str:
    return QCoreApplication.translate("KeywordPanel", text)


def syntax_help() -> str:
    """The keyword syntax, as the "?" button and the box's tooltip explain it."""
    return "\n".join(
        (
            tr("One keyword per line. Case, fullwidth forms and spaces next to CJK characters are ignored."),
            "",
            tr("# …\tA comment line"),
            tr("w:the\tWhole words only: finds “the”, not “their”, “they” or “tothe”"),
            tr("s:the\tAlso inside words: finds “the” in “their”"),
            tr("re:\\d{4}\tA regular expression (\\b marks a word boundary)"),
            "",
            tr(
                "Without a prefix, Latin keywords match whole words while “Whole words” is ticked, "
                "anywhere when it is not. CJK keywords always match anywhere, since CJK text has no "
                "spaces between words; a mixed keyword such as “iPhone手机” needs a word boundary only "
                "at its Latin end."
            ),
            "",
            tr("Load list… adds the keywords of a UTF-8 text file written the same way."),
        )
    )


def _swatch(color: QColor) -> QIcon:
    pm = QPixmap(12, 12)
    pm.fill(color)
    return QIcon(pm)


class KeywordPanel(QWidget):
    keywords_changed = Signal(str)
    whole_words_changed = Signal(bool)
    load_requested = Signal()
    hit_activated = Signal(int, int)  # page key, hit index within the page

    def __init__(self, parent=None, hits_list: bool = True):
        super().__init__(parent)
        self.editor = QPlainTextEdit(self)
        self.editor.setPlaceholderText(
            tr(
                "One keyword per line\n# a comment\nw:word  (whole word)   s:word  (also inside words)\n"
                "re:\\d{4}-\\d{4}  (a regular expression)"
            )
        )
        self.editor.setToolTip(syntax_help())
        self.editor.setTabChangesFocus(True)
        self.editor.setMaximumHeight(160)
        self.editor.setAccessibleName(tr("Keywords"))
        self.load_button = QPushButton(tr("Load list…"), self)
        self.load_button.setToolTip(tr("Add the keywords of a list file (UTF-8, one per line)"))
        self.load_button.clicked.connect(self.load_requested)
        self.clear_button = QPushButton(tr("Clear"), self)
        self.clear_button.clicked.connect(lambda: self.set_text(""))
        self.whole_words_box = QCheckBox(tr("Whole words"), self)
        self.whole_words_box.setChecked(True)
        self.whole_words_box.setToolTip(
            tr(
                "Latin keywords match whole words only: “the” is not found in “their”. Untick to match "
                "inside words too. w: or s: in front of a keyword decides for that keyword; CJK keywords "
                "always match anywhere."
            )
        )
        self.whole_words_box.toggled.connect(self.whole_words_changed)
        self.help_button = QToolButton(self)
        self.help_button.setText("?")
        self.help_button.setToolTip(syntax_help())
        self.help_button.setAccessibleName(tr("Keyword syntax"))
        self.help_button.clicked.connect(self.show_help)
        self.help_box: QMessageBox | None = None
        self.warnings = QLabel(self)
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b00000;")
        self.warnings.hide()
        self.summary = QLabel(tr("No keywords"), self)
        self.summary.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName(tr("Keyword hits"))
        self.tree.itemActivated.connect(self._on_activated)
        self.tree.itemClicked.connect(self._on_activated)

        buttons = QHBoxLayout()
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.whole_words_box)
        buttons.addStretch(1)
        buttons.addWidget(self.help_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.editor)
        lay.addLayout(buttons)
        lay.addWidget(self.warnings)
        lay.addWidget(self.summary)
        lay.addWidget(self.tree, 1)
        if not hits_list:
            self.summary.hide()
            self.tree.hide()
            lay.addStretch(1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(lambda: self.keywords_changed.emit(self.text()))
        self.editor.textChanged.connect(self._timer.start)
        self._page_items: dict[int, QTreeWidgetItem] = {}
        self._page_rows: list[tuple[int, int]] = []  # (page row, key), sorted
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.editor.setFont(mono)

    # -- keywords ---------------------------------------------------------------------------
    def text(self) -> str:
        return self.editor.toPlainText()

    def set_text(self, text: str, emit_now: bool = True) -> None:
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self._timer.stop()
        if emit_now:
            self.keywords_changed.emit(text)

    def append_text(self, text: str) -> None:
        cur = self.text()
        self.set_text((cur.rstrip("\n") + "\n" + text) if cur.strip() else text)

    def flush(self) -> None:
        """Apply what was typed now instead of after the debounce (tests, Enter)."""
        if self._timer.isActive():
            self._timer.stop()
            self.keywords_changed.emit(self.text())

    def whole_words(self) -> bool:
        return self.whole_words_box.isChecked()

    def set_whole_words(self, on: bool) -> None:
        """Show the list's option (from the store) without reporting it back as a change."""
        self.whole_words_box.blockSignals(True)
        self.whole_words_box.setChecked(bool(on))
        self.whole_words_box.blockSignals(False)

    def show_help(self) -> None:
        """The keyword syntax in a box that does not block the window."""
        if self.help_box is None:
            self.help_box = QMessageBox(
                QMessageBox.Icon.Information, tr("Keyword syntax"), syntax_help(), parent=self
            )
            self.help_box.setWindowModality(Qt.WindowModality.NonModal)
        self.help_box.show()
        self.help_box.raise_()

    def load_file(self, path: str | None = None, start_dir: str = "") -> KeywordList | None:
        """Add the keywords of a list file to the box (a file dialog without ``path``).

        None when the dialog is cancelled; a file that cannot be read raises KeywordFileError
        (the caller shows it its way). The returned list has the file's own warnings.
        """
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                tr("Load a keyword list"),
                start_dir,
                tr("Keyword lists") + " (*.txt *.lst *.csv);;" + tr("All files") + " (*)",
            )
            if not path:
                return None
        text, kl = read_keyword_file(path)
        self.append_text(text)
        return kl

    def set_warnings(self, warnings: list[str]) -> None:
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))

    # -- hits -------------------------------------------------------------------------------
    def clear_hits(self) -> None:
        self.tree.clear()
        self._page_items.clear()
        self._page_rows.clear()

    def set_page_hits(
        self, key: int, row: int, label: str, hits: list[Hit], lines: list[Line], colors: dict[str, QColor]
    ) -> None:
        """Show (or replace) one page's hits, the page placed by its row in the page list."""
        item = self._page_items.get(key)
        if not hits:
            if item is not None:
                self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
                del self._page_items[key]
                self._page_rows = [pr for pr in self._page_rows if pr[1] != key]
            return
        if item is None:
            item = QTreeWidgetItem()
            item.setData(0, KeyRole, key)
            item.setData(0, HitRole, 0)
            pos = bisect.bisect_left(self._page_rows, (row, key))
            self._page_rows.insert(pos, (row, key))
            self.tree.insertTopLevelItem(pos, item)
            self._page_items[key] = item
        item.setText(0, tr("{0} — hits: {1}").format(label, len(hits)))
        expanded = item.isExpanded() or self.tree.topLevelItemCount() <= 5
        item.takeChildren()
        children = []
        for i, h in enumerate(hits):
            text = lines[h.line].text if 0 <= h.line < len(lines) else ""
            a, b = max(0, h.start - 16), h.end + 16
            snippet = ("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else "")
            if h.possible:
                # read as a look-alike of the keyword: shown, and marked, for the reviewer to check
                child = QTreeWidgetItem([tr("{0}  ≈  {1}  (possible)").format(h.keyword, snippet)])
                child.setToolTip(
                    0,
                    tr(
                        "Line {0}: {1}\nPossible hit: read as “{2}”, which looks like “{3}”. Check the image."
                    ).format(h.line + 1, text, text[h.start : h.end], h.keyword),
                )
                font = child.font(0)
                font.setItalic(True)
                child.setFont(0, font)
            else:
                child = QTreeWidgetItem([f"{h.keyword}  ·  {snippet}"])
                child.setToolTip(0, tr("Line {0}: {1}").format(h.line + 1, text))
            child.setData(0, KeyRole, key)
            child.setData(0, HitRole, i)
            color = colors.get(h.keyword)
            if color is not None:
                child.setIcon(0, _swatch(color))
                child.setBackground(0, QBrush(QColor(color.red(), color.green(), color.blue(), 40)))
            children.append(child)
        item.addChildren(children)
        item.setExpanded(expanded)

    def select_hit(self, key: int, hit_index: int) -> None:
        item = self._page_items.get(key)
        if item is None or not 0 <= hit_index < item.childCount():
            return
        child = item.child(hit_index)
        self.tree.blockSignals(True)
        item.setExpanded(True)
        self.tree.setCurrentItem(child)
        self.tree.scrollToItem(child)
        self.tree.blockSignals(False)

    def set_summary(self, text: str) -> None:
        self.summary.setText(text)

    def _on_activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        key = item.data(0, KeyRole)
        if key is not None:
            self.hit_activated.emit(int(key), int(item.data(0, HitRole) or 0))
