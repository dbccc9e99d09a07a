"""Region selector on the offscreen platform: drags produce the right crop of the frozen image."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

from desktop_ocr.gui.selector import MIN_DRAG_PX, RegionSelector  # noqa: E402
from desktop_ocr.platform.capture.base import ScreenShot  # noqa: E402

COLOURS = [(0, 0, 255), (0, 255, 0), (255, 0, 0), (0, 255, 255), (255, 0, 255), (255, 255, 0)]


def blocks_image(width: int, height: int, block: int) -> np.ndarray:
    """BGR image of distinct coloured blocks (block x block px), each with a unique shade."""
    img = np.zeros((height, width, 3), np.uint8)
    for by in range(0, height, block):
        for bx in range(0, width, block):
            i = (by // block) * (width // block + 1) + bx // block
            colour = np.array(COLOURS[i % len(COLOURS)], np.int32)
            shade = 40 + (i * 7) % 200
            img[by : by + block, bx : bx + block] = np.where(colour > 0, shade, 0)
    return img


@pytest.fixture
def screen_shot():
    geo = QGuiApplication.primaryScreen().geometry()
    return ScreenShot.from_image(blocks_image(geo.width(), geo.height(), 50), geo.x(), geo.y())


def drag(widget, start: QPoint, end: QPoint) -> None:
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    mid = QPoint((start.x() + end.x()) // 2, (start.y() + end.y()) // 2)
    QTest.mouseMove(widget, mid)
    QTest.mouseMove(widget, end)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_overlay_covers_the_screen(qtbot, screen_shot):
    sel = RegionSelector()
    sel.start([screen_shot])
    try:
        (overlay,) = sel.overlays
        assert overlay.geometry() == QGuiApplication.primaryScreen().geometry()
        assert overlay.isVisible()
        assert overlay.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
        assert overlay.windowFlags() & Qt.WindowType.FramelessWindowHint
    finally:
        sel.cancel()


def test_drag_emits_the_exact_frozen_crop(qtbot, screen_shot):
    sel = RegionSelector()
    sel.start([screen_shot])
    (overlay,) = sel.overlays
    with qtbot.waitSignal(sel.selected, timeout=2000) as blocker:
        drag(overlay, QPoint(30, 40), QPoint(230, 140))
    crop, rect = blocker.args
    assert rect == (screen_shot.left + 30, screen_shot.top + 40, 200, 100)
    assert np.array_equal(crop, screen_shot.image[40:140, 30:230])
    assert len(np.unique(crop.reshape(-1, 3), axis=0)) > 4  # spans several blocks
    assert sel.overlays == [] and not overlay.isVisible()


def test_drag_up_left_gives_the_same_region(qtbot, screen_shot):
    sel = RegionSelector()
    sel.start([screen_shot])
    with qtbot.waitSignal(sel.selected, timeout=2000) as blocker:
        drag(sel.overlays[0], QPoint(230, 140), QPoint(30, 40))
    crop, rect = blocker.args
    assert rect[2:] == (200, 100)
    assert np.array_equal(crop, screen_shot.image[40:140, 30:230])


def test_hidpi_image_is_cropped_in_physical_pixels(qtbot):
    # A grab with twice the screen's logical size (dpr 2): logical drag -> physical crop.
    geo = QGuiApplication.primaryScreen().geometry()
    shot = ScreenShot.from_image(blocks_image(geo.width() * 2, geo.height() * 2, 50))
    sel = RegionSelector()
    sel.start([shot])
    with qtbot.waitSignal(sel.selected, timeout=2000) as blocker:
        drag(sel.overlays[0], QPoint(10, 20), QPoint(110, 70))
    crop, rect = blocker.args
    assert rect == (20, 40, 200, 100)
    assert np.array_equal(crop, shot.image[40:140, 20:220])


def test_tiny_drag_is_a_click_and_keeps_the_selector_open(qtbot, screen_shot):
    sel = RegionSelector()
    sel.start([screen_shot])
    fired = []
    sel.selected.connect(lambda *a: fired.append("selected"))
    sel.cancelled.connect(lambda: fired.append("cancelled"))
    try:
        drag(sel.overlays[0], QPoint(100, 100), QPoint(100 + MIN_DRAG_PX - 1, 150))
        assert fired == [] and sel.is_active()
        # a real drag afterwards still works
        with qtbot.waitSignal(sel.selected, timeout=2000):
            drag(sel.overlays[0], QPoint(100, 100), QPoint(100 + MIN_DRAG_PX, 150))
    finally:
        sel.cancel()


def test_escape_cancels(qtbot, screen_shot):
    sel = RegionSelector()
    sel.start([screen_shot])
    overlay = sel.overlays[0]
    with qtbot.assertNotEmitted(sel.selected), qtbot.waitSignal(sel.cancelled, timeout=2000):
        QTest.keyClick(overlay, Qt.Key.Key_Escape)
    assert sel.overlays == [] and not overlay.isVisible()


def test_right_click_cancels_even_mid_drag(qtbot, screen_shot):
    sel = RegionSelector()
    sel.start([screen_shot])
    overlay = sel.overlays[0]
    QTest.mousePress(overlay, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(10, 10))
    QTest.mouseMove(overlay, QPoint(200, 200))
    with qtbot.assertNotEmitted(sel.selected), qtbot.waitSignal(sel.cancelled, timeout=2000):
        QTest.mouseClick(
            overlay, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, QPoint(200, 200)
        )
    assert sel.overlays == []


def test_no_matching_screen_cancels_immediately(qtbot):
    sel = RegionSelector()
    with qtbot.waitSignal(sel.cancelled, timeout=1000):
        sel.start([])
    assert sel.overlays == []


def test_overlay_paints_frozen_image_dimmed_outside_selection(qtbot, screen_shot):
    sel = RegionSelector()
    sel.start([screen_shot])
    overlay = sel.overlays[0]
    try:
        QTest.mousePress(overlay, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(100, 100))
        QTest.mouseMove(overlay, QPoint(300, 250))
        img = overlay.grab().toImage()
        inside = img.pixelColor(200, 200)
        expected = screen_shot.image[200, 200]  # BGR
        assert (inside.blue(), inside.green(), inside.red()) == tuple(int(v) for v in expected)
        outside = img.pixelColor(50, 400)
        b, g, r = (int(v) for v in screen_shot.image[400, 50])
        assert (outside.red(), outside.green(), outside.blue()) != (r, g, b)
        assert outside.red() <= r and outside.green() <= g and outside.blue() <= b  # darker
    finally:
        sel.cancel()
