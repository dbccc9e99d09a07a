"""The interface in Chinese: with the zh_CN language every visible text of the windows is Chinese
(no English word left but names such as PDF, CSV, Ctrl), Qt's own buttons too, and the language
setting switches back to English."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableWidget,
    QTreeWidget,
    QWidget,
)

from desktop_ocr.gui.settings_dialog import SettingsDialog
from desktop_ocr.gui.settings_store import SettingsStore
from desktop_ocr.gui.translation import install_translators

# names that stay as they are in a Chinese interface
KEEP = {
    "Desktop",
    "OCR",
    "PDF",
    "DPI",
    "CSV",
    "JSON",
    "SRT",
    "PNG",
    "PNGs",
    "UTF",
    "Ctrl",
    "Alt",
    "Shift",
    "Esc",
    "Enter",
    "det",
    "cls",
    "rec",
    "onnx",
    "re",
    "English",
    "desktop",
    "ocr",
    "capture",
    "Markdown",
    # model set names (ppocr-v5) and a shell command (pip install ...) are typed, not translated
    "ppocr",
    "pip",
    "install",
    # the cluster engine's name and the address values typed as they are (auto, ray://...)
    "Ray",
    "ray",
    "auto",
    # the keyword syntax's examples of Latin whole-word matching are keywords a user types
    "the",
    "their",
    "they",
    "tothe",
    "word",
    "iPhone",
}


def english_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]{2,}", text) if w not in KEEP]


def visible_texts(root: QWidget) -> list[str]:
    """What a user reads in a window: titles, labels, buttons, headers, placeholders, tooltips, menus."""
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        texts.append(w.toolTip())
        if isinstance(w, (QLabel, QAbstractButton)):
            texts.append(w.text())
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            texts.append(w.placeholderText())
        if isinstance(w, QTreeWidget):
            h = w.headerItem()
            texts += [h.text(i) for i in range(h.columnCount())]
        if isinstance(w, QTableWidget):
            texts += [
                w.horizontalHeaderItem(i).text() for i in range(w.columnCount()) if w.horizontalHeaderItem(i)
            ]
        if isinstance(w, QMenu):
            texts += [a.text() for a in w.actions()] + [w.title()]
        for a in w.actions():
            texts += [a.text(), a.toolTip()]
        if hasattr(w, "count") and hasattr(w, "itemText"):  # combo boxes
            texts += [w.itemText(i) for i in range(w.count())]
    return [t for t in texts if t]


@pytest.fixture
def chinese(qapp):
    assert install_translators(qapp, "zh_CN") == "zh_CN"
    yield qapp
    install_translators(qapp, "en")


def assert_chinese(root: QWidget) -> None:
    left = {t: english_words(t) for t in visible_texts(root)}
    left = {t: w for t, w in left.items() if w}
    assert not left, f"English left in {root.windowTitle()!r}: {left}"


def test_settings_dialog_is_all_chinese_qt_buttons_included(chinese, qtbot, tmp_path):
    dlg = SettingsDialog(SettingsStore(str(tmp_path / "cfg")))
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == "Desktop OCR – 设置"
    assert dlg.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"  # Qt's own catalogue
    assert_chinese(dlg)
    language = dlg.fields["language"].editor
    assert [language.itemText(i) for i in range(language.count())] == ["跟随系统", "English", "简体中文"]


def test_video_review_is_all_chinese(chinese, qtbot):
    from desktop_ocr.gui.video_review import VideoReviewWidget

    w = VideoReviewWidget(None, keywords=["再见"])
    qtbot.addWidget(w)
    w.setWindowTitle(QApplication.translate("AppContext", "Video review — Desktop OCR"))
    assert_chinese(w)
    assert w.open_button.text() == "打开视频…"


def test_the_language_setting_switches_back_to_english(qapp, qtbot, tmp_path):
    install_translators(qapp, "zh_CN")
    install_translators(qapp, "en")
    dlg = SettingsDialog(SettingsStore(str(tmp_path / "cfg")))
    qtbot.addWidget(dlg)
    assert dlg.windowTitle() == "Desktop OCR – Settings"
    assert dlg.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


def test_about_dialog_and_notices_are_chinese_and_name_qt_and_its_licence(chinese, qtbot):
    from desktop_ocr.gui.about_dialog import AboutDialog

    dlg = AboutDialog()
    qtbot.addWidget(dlg)
    assert_chinese_except_names(dlg)
    notices = dlg.show_notices()
    assert "PySide6" in notices.text.toPlainText() and "LGPL" in notices.text.toPlainText()


def assert_chinese_except_names(root: QWidget) -> None:
    """Like assert_chinese, for texts that name software (ONNX Runtime, Qt, PySide6, Python)."""
    names = {"ONNX", "Runtime", "Qt", "PySide", "Python", "PP", "OCRv", "Apache", "h2", "p"}
    left = {}
    for t in visible_texts(root):
        words = [w for w in english_words(re.sub(r"<[^>]+>", " ", t)) if w not in names]
        if words:
            left[t] = words
    assert not left, f"English left in {root.windowTitle()!r}: {left}"


def test_main_window_menus_docks_and_status_are_chinese(chinese, qtbot, make_window):
    win = make_window(language="zh_CN")  # the start installs the translators for the setting
    try:
        menus = [a.text() for a in win.menuBar().actions()]
        assert menus[0] == "文件(&F)" and "帮助(&H)" in menus
        texts = visible_texts(win) + [a.text() for m in win.menuBar().actions() for a in m.menu().actions()]
        left = {t: english_words(t) for t in texts if english_words(t)}
        assert not left, f"English left in the main window: {left}"
    finally:
        win.close()
