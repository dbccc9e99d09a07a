"""The main window's menus and toolbar: where each of its actions is shown (the actions themselves
are made by the window and its parts: ``MainWindow._build_actions``, ``AppActions``, ``PageActions``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QToolBar

# the window itself (its public interface); not imported: the window imports this module
MainWindow = Any


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


def build_menus(win: MainWindow) -> None:
    mb = win.menuBar()
    menus = (
        (
            tr("&File"),
            (
                win.act_open,
                win.act_open_folder,
                win.act_paste,
                None,
                win.act_export_page,
                win.act_export_all,
                win.act_annotated,
                None,
                win.act_restore,
                win.act_clear,
                None,
                win.act_quit,
            ),
        ),
        (
            tr("&Edit"),
            (
                win.act_undo,
                win.act_redo,
                None,
                win.act_copy,
                win.act_copy_page,
                win.act_edit,
                win.page_actions.act_remove,
                None,
                win.act_next_hit,
                win.act_prev_hit,
                win.act_keywords,
                win.act_load_keywords,
            ),
        ),
        (
            tr("&View"),
            (
                win.act_fit,
                win.act_actual,
                win.act_zoom_in,
                win.act_zoom_out,
                None,
                win.act_next_page,
                win.act_prev_page,
                None,
            ),
        ),
    )
    for title, actions in menus:
        m = mb.addMenu(title)
        for a in actions:  # None is a separator
            m.addSeparator() if a is None else m.addAction(a)
    m.addAction(win.pages_dock.toggleViewAction())
    m.addAction(win.text_dock.toggleViewAction())
    m = mb.addMenu(tr("&OCR"))
    m.addAction(win.app_actions.capture)
    m.addSeparator()
    m.addAction(win.act_cancel)
    m.addSeparator()
    m.addAction(win.app_actions.settings)
    m = mb.addMenu(tr("&Help"))
    m.addAction(win.app_actions.about)


def build_toolbar(win: MainWindow) -> QToolBar:
    bar = QToolBar(tr("Toolbar"), win)
    bar.setObjectName("main_toolbar")  # named: the window's saveState() records it
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    win.act_open.setIconText(tr("Open"))
    win.act_paste.setIconText(tr("Paste"))
    win.act_export_page.setIconText(tr("Export"))
    win.act_copy_page.setIconText(tr("Copy text"))
    for a in (
        win.act_open,
        win.act_paste,
        win.app_actions.capture,
        None,
        win.act_copy_page,
        win.act_export_page,
        None,
        win.app_actions.settings,
        win.app_actions.about,
    ):
        bar.addSeparator() if a is None else bar.addAction(a)
    win.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    return bar
