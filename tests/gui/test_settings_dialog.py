"""Settings dialog: generated from the declarations, validated, persisted with QSettings."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QCheckBox, QComboBox, QKeySequenceEdit, QLineEdit, QSpinBox

from desktop_ocr import settings as decl
from desktop_ocr.gui.settings_dialog import SettingsDialog
from desktop_ocr.gui.settings_store import SettingsStore
from tests.gui.fakes import FakeBackend


class Hotkeys:
    """Stands in for CaptureController.change_hotkey with 'another program' holding some keys."""

    def __init__(self, taken=()):
        self.backend = FakeBackend(taken)
        self.backend.register("Ctrl+Alt+O", lambda: None)

    def change(self, combo):
        from desktop_ocr.platform.hotkeys import HotkeyError

        old = self.backend.registered
        try:
            self.backend.register(combo, lambda: None)
        except HotkeyError as exc:
            self.backend.register(old, lambda: None)
            return str(exc)
        return None


@pytest.fixture
def store(tmp_path):
    return SettingsStore(str(tmp_path / "cfg"))


def make(qtbot, store, hotkeys=None):
    hotkeys = hotkeys or Hotkeys()
    dlg = SettingsDialog(
        store, hotkey_apply=hotkeys.change, current_hotkey=lambda: hotkeys.backend.registered
    )
    qtbot.addWidget(dlg)
    return dlg, hotkeys


def test_every_declared_setting_has_an_editor_of_the_right_kind(qtbot, store):
    dlg, _ = make(qtbot, store)
    assert list(dlg.fields) == [s.name for s in decl.SETTINGS]
    kinds = {name: type(f.editor) for name, f in dlg.fields.items()}
    assert kinds["hotkey"] is QKeySequenceEdit
    assert kinds["copy_to_clipboard"] is QCheckBox and kinds["open_result_window"] is QCheckBox
    assert kinds["join_mode"] is QComboBox and kinds["workers"] is QSpinBox
    assert kinds["model_dir"] is QLineEdit and kinds["keywords"] is QLineEdit
    combo = dlg.fields["join_mode"].editor
    assert [combo.itemData(i) for i in range(combo.count())] == list(decl.JOIN_MODES)
    assert dlg.fields["hotkey"].editor.keySequence().toString() == "Ctrl+Alt+O"
    assert dlg.values() == store.all()  # defaults shown as they are


def test_changes_are_saved_and_survive_a_new_store(qtbot, store, tmp_path):
    dlg, hotkeys = make(qtbot, store)
    dlg.fields["join_mode"].set("lines")
    dlg.fields["copy_to_clipboard"].set(False)
    dlg.fields["open_result_window"].set(True)
    dlg.fields["workers"].set(3)
    dlg.fields["hotkey"].editor.setKeySequence(QKeySequence("Ctrl+Shift+F9"))
    assert dlg.apply()
    assert hotkeys.backend.registered == "Ctrl+Shift+F9"
    again = SettingsStore(str(tmp_path / "cfg"))
    assert again.get("join_mode") == "lines" and again.get("copy_to_clipboard") is False
    assert again.get("open_result_window") is True and again.get("workers") == 3
    assert again.get("hotkey") == "Ctrl+Shift+F9"
    assert "after a restart" in dlg.status.text()


def test_taken_hotkey_shows_the_message_and_keeps_the_old_one(qtbot, store):
    dlg, hotkeys = make(qtbot, store, Hotkeys(taken=["Ctrl+Alt+T"]))
    dlg.fields["join_mode"].set("one-line")
    dlg.fields["hotkey"].editor.setKeySequence(QKeySequence("Ctrl+Alt+T"))
    assert not dlg.apply()
    err = dlg.fields["hotkey"].error
    assert not err.isHidden()
    assert (
        err.text() == "Ctrl+Alt+T is already taken by another program; choose another shortcut in Settings."
    )
    assert hotkeys.backend.registered == "Ctrl+Alt+O" and store.get("hotkey") == "Ctrl+Alt+O"
    assert dlg.fields["hotkey"].editor.keySequence().toString() == "Ctrl+Alt+O"
    assert store.get("join_mode") == "paragraphs"  # nothing saved: still the default


def test_plain_letter_hotkey_is_refused_before_registering(qtbot, store):
    dlg, hotkeys = make(qtbot, store)
    dlg.fields["hotkey"].editor.setKeySequence(QKeySequence(Qt.Key.Key_A))
    assert not dlg.apply()
    assert "block normal typing" in dlg.fields["hotkey"].error.text()
    assert hotkeys.backend.registered == "Ctrl+Alt+O"


def test_model_folder_is_validated_when_chosen(qtbot, store, tmp_path):
    dlg, _ = make(qtbot, store)
    bad = tmp_path / "models"
    bad.mkdir()
    (bad / "my_det.onnx").write_bytes(b"not a model")
    assert not dlg.choose_path("model_dir", str(bad))
    msg = dlg.fields["model_dir"].error.text()
    assert msg.startswith("This model folder cannot be used: models: no cls model")
    assert not dlg.apply() and store.get("model_dir") == ""


def test_shipped_models_copied_to_a_folder_are_accepted(qtbot, store, tmp_path):
    import shutil

    from desktop_ocr.core.models import ModelSet

    folder = tmp_path / "mine"
    folder.mkdir()
    shipped = ModelSet.shipped()
    for p in (shipped.det, shipped.cls, shipped.rec):
        shutil.copy(p, folder / p.name)
    dlg, _ = make(qtbot, store)
    assert dlg.choose_path("model_dir", str(folder))
    assert dlg.fields["model_dir"].error.isHidden()
    assert dlg.apply() and store.get("model_dir") == str(folder)


def test_keyword_file_must_be_readable(qtbot, store, tmp_path):
    dlg, _ = make(qtbot, store)
    assert not dlg.choose_path("keywords", str(tmp_path / "missing.txt"))
    assert "missing.txt" in dlg.fields["keywords"].error.text()
    good = tmp_path / "kw.txt"
    good.write_text("invoice\n", encoding="utf-8")
    assert dlg.choose_path("keywords", str(good)) and dlg.apply()
    assert store.get("keywords") == str(good)


def test_without_a_keyword_file_the_field_names_the_keyword_panels_list_and_whole_words(qtbot, store):
    from desktop_ocr.gui.keyword_store import KeywordStore

    keywords = KeywordStore(store)  # the list the keyword panels edit
    keywords.set_text("空间\nthe\n# a comment\nw:they\ns:ist\n")
    dlg, _ = make(qtbot, store)
    field = dlg.fields["keywords"].editor
    assert field.text() == "" and "keywords: 4" in field.placeholderText()
    # the list's whole-words option is the same setting here and in the keyword panels
    box = dlg.fields["whole_words"].editor
    assert isinstance(box, QCheckBox) and box.isChecked()
    seen = []
    keywords.whole_words_changed.connect(seen.append)
    box.setChecked(False)
    assert dlg.apply() and seen == [False] and keywords.matcher().whole_words is False


def test_sections_come_in_the_order_users_think_of_them(qtbot, store):
    dlg, _ = make(qtbot, store)
    assert dlg.section_titles == [
        "Screen capture",
        "Keywords",
        "Reading and models",
        "Performance",
        "Interface",
    ]
    order = list(dlg.fields)
    assert order[0] == "hotkey"  # capture and hotkey first
    assert order.index("keywords") < order.index("models") < order.index("workers")
    # each section's settings stand together, sections in the declared order
    groups = [s.group for s in decl.SETTINGS]
    seen = [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
    assert seen == list(decl.GROUPS)


def test_fields_line_up(qtbot, store):
    dlg, _ = make(qtbot, store)
    dlg.show()
    qtbot.waitExposed(dlg)
    lefts = {name: f.row.mapTo(dlg, f.row.rect().topLeft()).x() for name, f in dlg.fields.items()}
    assert len(set(lefts.values())) == 1, lefts
    compact = (
        "hotkey",
        "capture_join_mode",
        "models",
        "script",
        "join_mode",
        "pdf_dpi",
        "workers",
        "language",
    )
    assert len({dlg.fields[n].editor.width() for n in compact}) == 1


def test_restore_defaults_fills_the_fields_and_saves_only_on_ok(qtbot, store, tmp_path):
    store.set("join_mode", "lines")
    store.set("workers", 5)
    store.set("copy_to_clipboard", False)
    dlg, hotkeys = make(qtbot, store)
    dlg.fields["hotkey"].editor.setKeySequence(QKeySequence("Ctrl+Shift+F9"))
    assert dlg.values()["join_mode"] == "lines"
    dlg.restore_button.click()
    defaults = {s.name: s.default for s in decl.SETTINGS}
    assert dlg.values() == defaults
    assert "OK or Apply saves them" in dlg.status.text()
    assert store.get("join_mode") == "lines" and store.get("workers") == 5  # not saved yet
    dlg.reject()
    dlg.reload()  # the dialog opened again shows what is stored
    assert dlg.values()["join_mode"] == "lines"
    dlg.restore_button.click()
    dlg.buttons.button(dlg.buttons.StandardButton.Ok).click()
    again = SettingsStore(str(tmp_path / "cfg"))
    assert again.all() == defaults
    assert hotkeys.backend.registered == "Ctrl+Alt+O"


def test_the_dialog_opens_with_the_focus_off_the_shortcut_recorder(qtbot, store):
    dlg, _ = make(qtbot, store)
    dlg.show()
    dlg.activateWindow()
    qtbot.waitUntil(lambda: dlg.focusWidget() is not None)
    assert dlg.focusWidget() is dlg.buttons.button(dlg.buttons.StandardButton.Ok)
    qtbot.keyClick(dlg.focusWidget(), Qt.Key.Key_Escape)  # Esc closes it, the shortcut stays
    assert not dlg.isVisible() and store.get("hotkey") == "Ctrl+Alt+O"
