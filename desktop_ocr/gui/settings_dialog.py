"""The settings dialog, generated from ``desktop_ocr.settings.SETTINGS`` (declared once).

Each declared setting gets an editor picked from its type (bool: check box, choices: combo box,
int: spin box, str: line edit); a few names get a richer editor (the hotkey a QKeySequenceEdit,
folders and files a Browse button). Labels come from the name, tooltips and captions from the
declaration's help. Nothing here lists the settings again.

Apply checks before it saves: a model folder must load (ModelSet.from_folder), a keyword file
must be readable, and a new hotkey must register (``hotkey_apply``, the capture controller's
``change_hotkey``). Any failure is shown next to its field, nothing is saved, and the old hotkey
stays active.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QKeySequenceEdit,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_ocr import settings as decl
from desktop_ocr.platform.hotkeys import HotkeyError, parse_combo

logger = logging.getLogger(__name__)

# Richer editors for some settings (the declarations stay in desktop_ocr.settings).
_SPECIAL = {"hotkey": "hotkey", "model_dir": "folder", "keywords": "file"}
_RESTART = {"workers", "model_dir", "cluster"}  # read once at start-up
_INT_RANGES = {"workers": (1, 64), "pdf_dpi": (50, 1200)}
_ERROR_STYLE = "color: #c42b1c;"


def label_for(setting: decl.Setting) -> str:
    return (
        setting.name.replace("_", " ").capitalize().replace("Pdf dpi", "PDF DPI").replace(" dir", " folder")
    )


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
        return f"This model folder cannot be used: {exc}"
    return None


def validate_keywords(path: str) -> str | None:
    if not path:
        return None
    from desktop_ocr.core.keywords import KeywordFileError, KeywordList

    try:
        kl = KeywordList.from_file(path)
    except KeywordFileError as exc:
        return str(exc)
    if not kl:
        return f"{path}: the file holds no keywords"
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
        self.setWindowTitle("Desktop OCR – Settings")
        self.store = store
        self.hotkey_apply = hotkey_apply
        self.current_hotkey = current_hotkey
        self.fields: dict[str, _Field] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        for setting in decl.SETTINGS:
            f = self._make_field(setting)
            self.fields[setting.name] = f
            caption = QLabel(setting.help + (" (after a restart)" if setting.name in _RESTART else ""))
            caption.setToolTip(setting.help)
            caption.setStyleSheet("color: palette(dark);")
            box = QWidget()
            lay = QVBoxLayout(box)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.setSpacing(2)
            lay.addWidget(f.row)
            lay.addWidget(caption)
            lay.addWidget(f.error)
            form.addRow(label_for(setting) + ":", box)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Apply
            | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        self.buttons = buttons
        outer = QVBoxLayout(self)
        # captions are not word-wrapped: QFormLayout cuts wrapped labels in nested rows short
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        outer.addLayout(form)
        outer.addWidget(self.status)
        outer.addWidget(buttons)

        self.reload()

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
            ed.setPlaceholderText("(shipped models)" if kind == "folder" else "(none)")
            browse = QPushButton("Browse…")
            browse.setObjectName(f"browse_{s.name}")
            row = QWidget()
            lay = QHBoxLayout(row)
            lay.setContentsMargins(0, 0, 0, 0)
            lay.addWidget(ed, 1)
            lay.addWidget(browse)
            f = _Field(s, ed, lambda: ed.text().strip(), lambda v: ed.setText(str(v or "")), row)
            browse.clicked.connect(lambda: self._browse(f, kind))
            ed.setToolTip(s.help)
            return f
        if s.type is bool:
            ed = QCheckBox()
            return self._wrap(s, ed, ed.isChecked, lambda v: ed.setChecked(bool(v)))
        if s.choices:
            ed = QComboBox()
            for c in s.choices:
                ed.addItem(c, c)
            return self._wrap(s, ed, ed.currentData, lambda v: ed.setCurrentIndex(max(0, ed.findData(v))))
        if s.type is int:
            ed = QSpinBox()
            lo, hi = _INT_RANGES.get(s.name, (0, 1_000_000))
            ed.setRange(lo, hi)
            return self._wrap(s, ed, ed.value, lambda v: ed.setValue(int(v)))
        ed = QLineEdit()
        return self._wrap(s, ed, lambda: ed.text(), lambda v: ed.setText(str(v)))

    def _wrap(self, s: decl.Setting, ed: QWidget, getter, setter) -> _Field:
        ed.setToolTip(s.help)
        ed.setObjectName(f"edit_{s.name}")
        return _Field(s, ed, getter, setter, ed)

    def _browse(self, f: _Field, kind: str) -> None:
        start = f.get() or ""
        if kind == "folder":
            path = QFileDialog.getExistingDirectory(
                self, "Model folder (det, cls, rec .onnx + dictionary)", start
            )
        else:
            path, _ = QFileDialog.getOpenFileName(
                self, "Keyword list", start, "Text files (*.txt);;All files (*)"
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
        self.status.clear()

    def values(self) -> dict[str, Any]:
        return {name: f.get() for name, f in self.fields.items()}

    def _validate(self, name: str, value: Any) -> str | None:
        if name == "model_dir":
            return validate_model_dir(value)
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
            self.status.setText("Nothing was saved: fix the fields marked in red.")
            return False
        hotkey = str(parse_combo(values["hotkey"]))
        registered = self.current_hotkey() if self.current_hotkey is not None else None
        if self.hotkey_apply is not None and hotkey != registered:
            error = self.hotkey_apply(hotkey)
            if error is not None:
                self.fields["hotkey"].show_error(error)
                keep = registered or self.store.get("hotkey")
                self.fields["hotkey"].set(keep)
                self.status.setText(f"Nothing was saved; the shortcut stays {keep}.")
                return False
        restart = []
        for name, v in values.items():
            if name in _RESTART and v != self.store.get(name):
                restart.append(label_for(decl.BY_NAME[name]))
            self.store.set(name, v)
        self.status.setText(
            "Saved." + (f" {', '.join(restart)}: takes effect after a restart." if restart else "")
        )
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
