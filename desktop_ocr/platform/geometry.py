"""Pure (Qt-free) coordinate mapping between Qt's logical screens and grabbed physical pixels.

Three coordinate systems:
- overlay-local LOGICAL: what a per-screen overlay widget's mouse events report
  (origin = the QScreen's top-left, units = device-independent pixels, floats allowed);
- IMAGE: physical pixels inside one monitor's ScreenShot.image;
- VIRTUAL PHYSICAL: the whole desktop in physical pixels as mss reports monitors
  (image pixel (x, y) of a shot is virtual (shot.left + x, shot.top + y)).

Logical -> image uses the ratio image size / logical size per axis (equal to devicePixelRatio
when the grab matches the screen, and still right when Qt rounds the dpr).

Assumption for matching a QScreen to a grabbed monitor (``match_screens``): Qt >= 5.14 keeps a
screen's top-left in NATIVE pixels and divides only its size by the dpr
(QHighDpi::fromNativeScreenGeometry) -- that holds for xcb and for Windows with per-monitor DPI
awareness v2 (Qt 6's default, mss also makes the process DPI-aware, so both see physical pixels).
With a global QT_SCALE_FACTOR the origin is scaled too; both hypotheses are tried, then screens
and monitors are paired by size and position order. Wayland (no physical coordinates for clients)
goes through the portal grabber, which cuts its image by the logical layout instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Rect = tuple[int, int, int, int]  # x, y, width, height
RectF = tuple[float, float, float, float]

_EPS = 1e-6  # 10 * 1.5 must floor to 15, not 14 because of 14.999999


@dataclass(frozen=True)
class ScreenGeometry:
    """A QScreen as Qt reports it: geometry() in logical px and devicePixelRatio()."""

    x: int
    y: int
    width: int
    height: int
    dpr: float = 1.0
    name: str = ""

    @property
    def physical_size(self) -> tuple[int, int]:
        return round(self.width * self.dpr), round(self.height * self.dpr)

    def physical_rect_candidates(self) -> list[Rect]:
        w, h = self.physical_size
        native_origin = (self.x, self.y, w, h)
        scaled_origin = (round(self.x * self.dpr), round(self.y * self.dpr), w, h)
        return [native_origin] if native_origin == scaled_origin else [native_origin, scaled_origin]


@dataclass(frozen=True)
class MonitorGeometry:
    """A grabbed monitor in virtual-desktop physical px (mss monitor / ScreenShot.rect)."""

    left: int
    top: int
    width: int
    height: int


def normalize(rect: RectF) -> RectF:
    """Make width/height positive (a drag up-left gives negative sizes)."""
    x, y, w, h = rect
    if w < 0:
        x, w = x + w, -w
    if h < 0:
        y, h = y + h, -h
    return x, y, w, h


def logical_to_image(rect: RectF, logical_size: tuple[float, float], image_size: tuple[int, int]) -> Rect:
    """Overlay-local logical rect -> integer rect in the screen's image.

    Every physical pixel the logical rect touches is included (floor of the start, ceil of the
    end): at dpr 1.25/1.5 a logical edge falls inside a physical pixel and cutting it could clip
    glyphs. The result is clipped to the image; it may be empty (w or h == 0).
    """
    x, y, w, h = normalize(rect)
    lw, lh = logical_size
    iw, ih = image_size
    sx, sy = iw / lw, ih / lh
    x0 = math.floor(x * sx + _EPS)
    y0 = math.floor(y * sy + _EPS)
    x1 = math.ceil((x + w) * sx - _EPS)
    y1 = math.ceil((y + h) * sy - _EPS)
    x0, x1 = max(0, min(iw, x0)), max(0, min(iw, x1))
    y0, y1 = max(0, min(ih, y0)), max(0, min(ih, y1))
    return x0, y0, max(0, x1 - x0), max(0, y1 - y0)


def image_to_logical(rect: Rect, logical_size: tuple[float, float], image_size: tuple[int, int]) -> RectF:
    """Inverse of logical_to_image (exact, floats): where image pixels appear in the overlay."""
    x, y, w, h = rect
    lw, lh = logical_size
    iw, ih = image_size
    sx, sy = lw / iw, lh / ih
    return x * sx, y * sy, w * sx, h * sy


def image_to_virtual(rect: Rect, monitor: MonitorGeometry) -> Rect:
    x, y, w, h = rect
    return monitor.left + x, monitor.top + y, w, h


def virtual_to_image(rect: Rect, monitor: MonitorGeometry) -> Rect:
    """Virtual physical rect -> rect in that monitor's image, clipped (may be empty)."""
    x, y, w, h = rect
    x0 = max(x - monitor.left, 0)
    y0 = max(y - monitor.top, 0)
    x1 = min(x + w - monitor.left, monitor.width)
    y1 = min(y + h - monitor.top, monitor.height)
    return x0, y0, max(0, x1 - x0), max(0, y1 - y0)


def logical_to_virtual(rect: RectF, screen: ScreenGeometry, monitor: MonitorGeometry) -> Rect:
    """Overlay-local logical selection on ``screen`` -> virtual-desktop physical rect."""
    image_rect = logical_to_image(rect, (screen.width, screen.height), (monitor.width, monitor.height))
    return image_to_virtual(image_rect, monitor)


def _close(a: Rect, b: Rect, tol: int) -> bool:
    return all(abs(p - q) <= tol for p, q in zip(a, b, strict=True))


def match_screens(
    screens: Sequence[ScreenGeometry], monitors: Sequence[MonitorGeometry], tol: int = 2
) -> list[int | None]:
    """For each screen, the index of its monitor in ``monitors`` (or None); one-to-one.

    1. exact physical geometry (native origin first, then scaled origin), within ``tol`` px
       for rounding of fractional dpr;
    2. the rest: same physical size, in left-to-right/top-to-bottom order;
    3. the rest, if as many screens as monitors remain: paired in that order.
    """
    result: list[int | None] = [None] * len(screens)
    free = set(range(len(monitors)))
    mon_rects = [(m.left, m.top, m.width, m.height) for m in monitors]
    for hypothesis in (0, 1):
        for si, screen in enumerate(screens):
            cands = screen.physical_rect_candidates()
            if result[si] is not None or hypothesis >= len(cands):
                continue
            for mi in sorted(free):
                if _close(cands[hypothesis], mon_rects[mi], tol):
                    result[si] = mi
                    free.discard(mi)
                    break
    order_s = sorted(
        (i for i, r in enumerate(result) if r is None), key=lambda i: (screens[i].x, screens[i].y)
    )
    for si in order_s:
        w, h = screens[si].physical_size
        for mi in sorted(free, key=lambda i: (monitors[i].left, monitors[i].top)):
            if abs(monitors[mi].width - w) <= tol and abs(monitors[mi].height - h) <= tol:
                result[si] = mi
                free.discard(mi)
                break
    order_s = [i for i in order_s if result[i] is None]
    if order_s and len(order_s) == len(free):
        for si, mi in zip(
            order_s, sorted(free, key=lambda i: (monitors[i].left, monitors[i].top)), strict=True
        ):
            result[si] = mi
    return result
