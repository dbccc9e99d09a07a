"""The settings dialog, generated from ``desktop_ocr.settings.SETTINGS`` (declared once).

Each declared setting gets an editor picked from its type (bool: check box, choices: combo box,
int: spin box, str: line edit); a few names get a richer editor (the hotkey a QKeySequenceEdit,
folders and files a Browse button). Labels come from the name, tooltips and captions from the
declaration's help, translated here (they are marked in ``desktop_ocr.settings`` with the
"Settings" context). Nothing here lists the settings again.

Apply checks before it saves: a model folder must load (ModelSet.from_folder), a keyword file
must be readable, and a new hotkey must register (``hotkey_apply``, the capture controller's
``change_hotkey``). Any failure is shown next to its field, nothing is saved, and the old hotkey
stays active.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_ocr import settings as decl
from desktop_ocr.platform.hotkeys import HotkeyError, parse_combo

logger = logging.getLogger(__name__)

# Richer editors for some settings (the declarations stay in desktop_ocr.settings).
_SPECIAL = {"hotkey": "hotkey", "model_dir": "folder", "keywords": "file"}
_RESTART = {"workers", "models", "model_dir", "script", "language", "cluster"}  # read once at start-up
_INT_RANGES = {"workers": (1, 64), "pdf_dpi": (50, 1200)}
_ERROR_STYLE = "color: #c42b1c;"


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


def setting_text(text: str) -> str:
    """A text declared in desktop_ocr.settings (label, help, choice), in the interface language."""
    return QCoreApplication.translate("Settings", text)


def label_for(setting: decl.Setting) -> str:
    return setting_text(setting.label or setting.name.replace("_", " ").capitalize())


def combo_to_qt(text: str) -> str:
    """Our shortcut text ("Ctrl+Alt+O", "Super+F1") as Qt's portable text (Super is Meta)."""
    try:
        text = str(parse_combo(text))
    except HotkeyError:
        return ""
    return text.replace("Super", "Meta")


def qt_to_combo(seq: QKeySequence) -> str:
    text = seq.toString(QKeySequence.SequenceFormat.PortableText)
    return text.split(",")[0].strip().replace("Meta", "Super")


def validate_model_dir(path: str) -> str | None:
    """None when ``path`` is empty (shipped models) or a usable model folder; else the message."""
    if not path:
        return None
    from desktop_ocr.core.models import ModelSet, ModelSetError

    try:
        ModelSet.from_folder(path)
    except ModelSetError as exc:
        return tr("This model folder cannot be used: {0}").format(exc)
    return None


def validate_models(name: str) -> str | None:
    """None when the model set is installed; else the message with the command that installs it."""
    from desktop_ocr.core import model_sets

    status = {s.name: s for s in model_sets.statuses()}.get(name)
    if status is None or status.installed:
        return None
    return f"This model set is not installed. Install it with: {status.install}"


def validate_keywords(path: str) -> str | None:
    if not path:
        return None
    from desktop_ocr.core.keywords import KeywordFileError, KeywordList

    try:
        kl = KeywordList.from_file(path)
    except KeywordFileError as exc:
        return str(exc)
    if not kl:
        return tr("{0}: the file holds no keywords").format(path)
    return None


class _Field:
    """One setting's editor: get/set its value and show its error."""

    def __init__(
        self,
        setting: decl.Setting,
        editor: QWidget,
        getter: Callable[[], Any],
        setter: Callable[[Any], None],
        row: QWidget,
    ):
        self.setting = setting
        self.editor = editor
        self.get = getter
        self.set = setter
        self.row = row
        self.error = QLabel()
        self.error.setStyleSheet(_ERROR_STYLE)
        self.error.setObjectName(f"error_{setting.name}")
        self.error.hide()

    def show_error(self, message: str | None) -> None:
        self.error.setText(message or "")
        self.error.setVisible(bool(message))


class SettingsDialog(QDialog):
    def __init__(
        self,
        store,
        hotkey_apply: Callable[[str], str | None] | None = None,
        current_hotkey: Callable[[], str | None] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(tr("Desktop OCR – Settings"))
        self.store = store
        self.hotkey_apply = hotkey_apply
        self.current_hotkey = current_hotkey
        self.fields: dict[str, _Field] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.section_titles: list[str] = []
        group = None
        for setting in decl.SETTINGS:  # declared in the order of their sections (decl.GROUPS)
            if setting.group != group:
                group = setting.group
                form.addRow(self._section_title(setting_text(decl.GROUPS.get(group, group))))
            f = self._make_field(setting)
            self.fields[setting.name] = f
            help_text = setting_text(setting.help)
            caption = QLabel(help_text + (tr(" (after a restart)") if setting.name in _RESTART else ""))
            caption.setToolTip(help_text)
            caption.setStyleSheet("color: palette(dark);")
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            lay.addWidget(f.row)
            lay.addWidget(caption)
            lay.addWidget(f.error)
            form.addRow(tr("{0}:").format(label_for(setting)), box)
        self.status = QLabel()
        self.status.setWordWrap(True)
        if sys.platform.startswith("linux"):
            form.addRow(tr("Applications menu:"), self._desktop_entry_row())
        self._align_compact_editors()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        self.restore_button = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        self.restore_button.setToolTip(tr("Put the default values in the fields; OK or Apply saves them"))
        self.restore_button.clicked.connect(self.restore_defaults)
        self.buttons = buttons
        outer = QVBoxLayout(self)
        # The fields scroll, the buttons stay: in Chinese the form is taller than a 900 px screen
        # (OK and Cancel were off it). Captions are not word-wrapped (QFormLayout cuts wrapped
        # labels in nested rows short), so the scroll area is as wide as the form.
        fields = QWidget(self)
        fields.setLayout(form)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(fields)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll, 1)
        outer.addWidget(self.status)
        outer.addWidget(buttons)

        self.reload()
        self._fit_screen(fields)

    def _fit_screen(self, fields: QWidget) -> None:
        """As large as the form, at most the screen's free height: the rest scrolls."""
        hint = fields.sizeHint()
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        self.scroll.setMinimumWidth(hint.width() + bar)
        screen = self.screen() or QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() - 80 if screen is not None else hint.height()
        chrome = self.buttons.sizeHint().height() + self.status.sizeHint().height() + 48
        self.resize(hint.width() + bar + 24, max(300, min(hint.height() + chrome, room)))

    def _section_title(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("section_title")
        f = label.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.1)
        label.setFont(f)
        # space above a section, none above the first
        label.setContentsMargins(0, 10 if self.section_titles else 0, 0, 2)
        self.section_titles.append(text)
        return label

    def _align_compact_editors(self) -> None:
        """Spin boxes, choices and the shortcut editor get one width, so the fields line up
        (path fields with their Browse button take the whole row)."""
        compact = [
            f.editor
            for f in self.fields.values()
            if isinstance(f.editor, QSpinBox | QComboBox | QKeySequenceEdit)
        ]
        width = max((e.sizeHint().width() for e in compact), default=0)
        width = max(width, 260)
        for e in compact:
            e.setFixedWidth(width)

    # -- desktop integration -----------------------------------------------------------------------
    def _desktop_entry_row(self) -> QWidget:
        """Add/remove the menu entry (and the tray at login) for this install (platform.desktop_entry)."""
        from desktop_ocr.platform import desktop_entry

        row = QWidget()
        lay = QHBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        menu, auto = desktop_entry.installed()
        self.autostart_box = QCheckBox(tr("Start in the tray at login"))
        self.autostart_box.setChecked(auto)
        self.install_entry_button = QPushButton(
            tr("Add to the menu") if not menu else tr("Update the menu entry")
        )
        self.remove_entry_button = QPushButton(tr("Remove from the menu"))
        self.remove_entry_button.setEnabled(menu)
        self.install_entry_button.clicked.connect(self.install_desktop_entry)
        self.remove_entry_button.clicked.connect(self.remove_desktop_entry)
        for w in (self.install_entry_button, self.autostart_box, self.remove_entry_button):
            lay.addWidget(w)
        lay.addStretch(1)
        return row

    def install_desktop_entry(self) -> bool:
        from desktop_ocr.platform import desktop_entry

        try:
            desktop_entry.install(autostart=self.autostart_box.isChecked())
        except OSError as exc:
            self.status.setText(tr("The menu entry could not be written: {0}").format(exc))
            return False
        self.install_entry_button.setText(tr("Update the menu entry"))
        self.remove_entry_button.setEnabled(True)
        self.status.setText(
            tr("Desktop OCR is in the applications menu and starts in the tray at login.")
            if self.autostart_box.isChecked()
            else tr("Desktop OCR is in the applications menu.")
        )
        return True

    def remove_desktop_entry(self) -> bool:
        from desktop_ocr.platform import desktop_entry

        try:
            desktop_entry.uninstall()
        except OSError as exc:
            self.status.setText(tr("The menu entry could not be removed: {0}").format(exc))
            return False
        self.install_entry_button.setText(tr("Add to the menu"))
        self.remove_entry_button.setEnabled(False)
        self.autostart_box.setChecked(False)
        self.status.setText(tr("The menu entry, its icon and the autostart entry were removed."))
        return True

    # -- editors ----------------------------------------------------------------------------------
    def _make_field(self, s: decl.Setting) -> _Field:
        kind = _SPECIAL.get(s.name)
        if kind == "hotkey":
            ed = QKeySequenceEdit()
            if hasattr(ed, "setMaximumSequenceLength"):
                ed.setMaximumSequenceLength(1)
            if hasattr(ed, "setClearButtonEnabled"):
                ed.setClearButtonEnabled(True)
            return self._wrap(
                s,
                ed,
                lambda: qt_to_combo(ed.keySequence()),
                lambda v: ed.setKeySequence(QKeySequence.fromString(combo_to_qt(v))),
            )
        if kind in ("folder", "file"):
            ed = QLineEdit()
            ed.setPlaceholderText(tr("(shipped models)") if kind == "folder" else tr("(none)"))
            browse = QPushButton(tr("Browse…"))
            browse.setObjectName(f"browse_{s.name}")
            row = QWidget()
            lay = QHBoxLayout(row)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(ed, 1)
            lay.addWidget(browse)
            f = _Field(s, ed, lambda: ed.text().strip(), lambda v: ed.setText(str(v or "")), row)
            browse.clicked.connect(lambda: self._browse(f, kind))
            ed.setToolTip(setting_text(s.help))
            return f
        if s.type is bool:
            ed = QCheckBox()
            return self._wrap(s, ed, ed.isChecked, lambda v: ed.setChecked(bool(v)))
        if s.choices:
            ed = QComboBox()
            labels = s.choice_labels or s.choices
            for c, text in zip(s.choices, labels):
                ed.addItem(setting_text(text), c)
            return self._wrap(s, ed, ed.currentData, lambda v: ed.setCurrentIndex(max(0, ed.findData(v))))
        if s.type is int:
            ed = QSpinBox()
            lo, hi = _INT_RANGES.get(s.name, (0, 1_000_000))
            ed.setRange(lo, hi)
            return self._wrap(s, ed, ed.value, lambda v: ed.setValue(int(v)))
        ed = QLineEdit()
        return self._wrap(s, ed, lambda: ed.text(), lambda v: ed.setText(str(v)))

    def _wrap(self, s: decl.Setting, ed: QWidget, getter, setter) -> _Field:
        ed.setToolTip(setting_text(s.help))
        ed.setObjectName(f"edit_{s.name}")
        return _Field(s, ed, getter, setter, ed)

    def _browse(self, f: _Field, kind: str) -> None:
        start = f.get() or ""
        if kind == "folder":
            path = QFileDialog.getExistingDirectory(
                self, tr("Model folder (det, cls, rec .onnx + dictionary)"), start
            )
        else:
            path, _ = QFileDialog.getOpenFileName(
                self, tr("Keyword list"), start, tr("Text files") + " (*.txt);;" + tr("All files") + " (*)"
            )
        if path:
            self.choose_path(f.setting.name, path)

    def choose_path(self, name: str, path: str) -> bool:
        """Put a chosen folder/file in its field and validate it right away (as Browse does)."""
        f = self.fields[name]
        f.set(path)
        error = self._validate(name, path)
        f.show_error(error)
        return error is None

    # -- load / save ------------------------------------------------------------------------------
    def reload(self) -> None:
        for name, f in self.fields.items():
            value = self.store.get(name)
            if name == "hotkey" and self.current_hotkey is not None and self.current_hotkey():
                value = self.current_hotkey()  # what is really registered
            f.set(value)
            f.show_error(None)
        self._show_keyword_list()
        self.status.clear()
        # not the first field: it is the shortcut recorder, which would take Esc and any key typed
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setFocus()

    def restore_defaults(self) -> None:
        """The declared defaults in every field; nothing is saved until OK or Apply."""
        for f in self.fields.values():
            f.set(f.setting.default)
            f.show_error(None)
        self.status.setText(tr("The default values are in the fields; OK or Apply saves them."))

    def _show_keyword_list(self) -> None:
        """Without a keyword file the field says what is used instead: the app's one list, as the
        keyword panels edit it (``gui/keywords``), so "(none)" never hides keywords in use."""
        f = self.fields.get("keywords")
        if f is None or not isinstance(f.editor, QLineEdit):
            return
        from desktop_ocr.core.keywords import KeywordList

        n = len(KeywordList.from_text(self.store.state("gui/keywords") or ""))
        f.editor.setPlaceholderText(tr("(none: the keyword panel’s list is used; keywords: {0})").format(n))
        f.editor.setToolTip(
            tr(
                "A file chosen here replaces the keyword panel’s list (in the main window and the video "
                "review); typed keywords are kept by the app without a file."
            )
        )

    def values(self) -> dict[str, Any]:
        return {name: f.get() for name, f in self.fields.items()}

    def _validate(self, name: str, value: Any) -> str | None:
        if name == "model_dir":
            return validate_model_dir(value)
        if name == "models":
            return validate_models(value)
        if name == "keywords":
            return validate_keywords(value)
        if name == "hotkey":
            try:
                parse_combo(value)
            except HotkeyError as exc:
                return str(exc)
        return None

    def apply(self) -> bool:
        """Validate, register a changed hotkey, then save. False (and messages shown) on a problem."""
        values = self.values()
        errors = {name: self._validate(name, v) for name, v in values.items()}
        for name, f in self.fields.items():
            f.show_error(errors[name])
        if any(errors.values()):
            self.status.setText(tr("Nothing was saved: fix the fields marked in red."))
            return False
        hotkey = str(parse_combo(values["hotkey"]))
        registered = self.current_hotkey() if self.current_hotkey is not None else None
        if self.hotkey_apply is not None and hotkey != registered:
            error = self.hotkey_apply(hotkey)
            if error is not None:
                self.fields["hotkey"].show_error(error)
                keep = registered or self.store.get("hotkey")
                self.fields["hotkey"].set(keep)
                self.status.setText(tr("Nothing was saved; the shortcut stays {0}.").format(keep))
                return False
        restart = []
        for name, v in values.items():
            if name in _RESTART and v != self.store.get(name):
                restart.append(label_for(decl.BY_NAME[name]))
            self.store.set(name, v)
        text = tr("Saved.")
        if restart:
            text += " " + tr("{0}: takes effect after a restart.").format(tr(", ").join(restart))
        self.status.setText(text)
        logger.info("settings saved")
        return True

    def _ok(self) -> None:
        if self.apply():
            self.accept()

    def keyPressEvent(self, event) -> None:
        # Enter inside the shortcut editor records the key instead of pressing OK
        if self.fields["hotkey"].editor.hasFocus() and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return
        super().keyPressEvent(event)
