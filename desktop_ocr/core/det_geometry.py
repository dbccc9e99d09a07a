"""Where text detection looks, and at what size: pure arithmetic on image sizes, no model.

DBNet wants the short side of its input brought up to ``limit_side_len`` (small text gets more
pixels) and a page no larger than ``max_side_len``. Taken alone those two rules blow up on odd
shapes: a 1x1 PNG became a 736x43424 input (7 GB), a 1x300 one failed a 2.6 GB allocation, and a
30000x200 strip was shrunk to 2000x13, losing all its text. So the plan here

* skips images too small to hold a line of text (no model call at all);
* pads thin images, wide *and* tall, to at most ``width_height_ratio`` : 1;
* caps the input's area at ``max_pixels`` whatever the upscaling asks for;
* cuts long images (``tile_aspect`` : 1 and longer than ``max_side_len``) into overlapping windows
  along the long side, each detected on its own; :func:`merge_tiled_boxes` joins the boxes of a
  line that a cut split and drops the copies found twice in an overlap.

Everything is computed from the size alone, so tests check the sizes without allocating them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DetGeometry:
    limit_side_len: int = 736  # the short side is brought up to this (small text gets more pixels)
    max_side_len: int = 2000  # pages larger than this are downscaled for detection only
    min_height: int = 30
    width_height_ratio: float = 8.0
    # 2048 x 2048: as large as any ordinary page gets (a 2000 x 2000 page, a padded subtitle band
    # 2944 x 736); a float32 input of this size is 48 MB.
    max_pixels: int = 2048 * 2048
    # A readable line needs about 8 px of height, and two characters need some 16 px of length:
    # below that (icons, rules, 1-pixel spacers) there is no text to find.
    min_text_side: int = 8
    min_text_length: int = 16
    tile_aspect: float = 4.0  # longer than this (and than max_side_len): detected in windows
    tile_overlap: float = 0.25  # share of a window seen again by the next one


@dataclass(frozen=True)
class Window:
    """One detection input: the source rectangle, the shrink applied to it, the padding added
    (on both sides, in shrunk pixels) and the model input's size (multiples of 32)."""

    x0: int
    y0: int
    x1: int
    y1: int
    scale: float  # source pixels -> shrunk pixels (<= 1)
    pad_top: int  # rows added above (and as many below) the shrunk window
    pad_left: int  # columns added left (and as many right) of it
    tensor_h: int
    tensor_w: int

    @property
    def tensor_pixels(self) -> int:
        return self.tensor_h * self.tensor_w


def too_small(h: int, w: int, g: DetGeometry) -> bool:
    return min(h, w) < g.min_text_side or max(h, w) < g.min_text_length


def plan_windows(h: int, w: int, g: DetGeometry) -> list[Window]:
    """The detection inputs for an ``h`` x ``w`` image: none when it is too small to hold text,
    one for an ordinary page, several overlapping windows for a long strip."""
    if too_small(h, w, g):
        return []
    tiles = _tiles(h, w, g)
    return [_window(x0, y0, x1, y1, g, upscale=len(tiles) == 1) for x0, y0, x1, y1 in tiles]


def read_scale(h: int, w: int, g: DetGeometry) -> float:
    """The scale the detector saw the image's text at (recognition reads lines at it too)."""
    windows = plan_windows(h, w, g)
    return min((win.scale for win in windows), default=1.0)


def _tiles(h: int, w: int, g: DetGeometry) -> list[tuple[int, int, int, int]]:
    long_side, short_side = max(h, w), min(h, w)
    if long_side <= g.max_side_len or long_side / short_side <= g.tile_aspect:
        return [(0, 0, w, h)]
    # Windows of the padding's aspect ratio (no padding needed) up to a page's length, or square
    # when the strip is wider than a page: the text keeps its size. The overlap makes a word
    # shorter than it whole in at least one window.
    length = min(g.max_side_len, int(short_side * g.width_height_ratio))
    length = max(length, short_side)
    overlap = int(length * g.tile_overlap)
    step = length - overlap
    n = max(1, math.ceil((long_side - overlap) / step))
    starts = [min(i * step, long_side - length) for i in range(n)]
    if w >= h:
        return [(s, 0, s + length, h) for s in starts]
    return [(0, s, w, s + length) for s in starts]


def _window(x0: int, y0: int, x1: int, y1: int, g: DetGeometry, upscale: bool) -> Window:
    h, w = y1 - y0, x1 - x0
    scale = min(1.0, g.max_side_len / max(h, w))
    sh, sw = max(1, round(h * scale)), max(1, round(w * scale))
    # a thin window (a subtitle band, one line of a screenshot, a column) is padded towards a
    # square, as RapidOCR does for wide ones: DBNet finds nothing in a 20:1 strip
    pad_top = pad_left = 0
    if sh <= g.min_height or sw / sh > g.width_height_ratio:
        pad_top = (max(int(sw / g.width_height_ratio), g.min_height) * 2 - sh) // 2
    ph = sh + 2 * pad_top
    if sw <= g.min_height or ph / sw > g.width_height_ratio:
        pad_left = (max(int(ph / g.width_height_ratio), g.min_height) * 2 - sw) // 2
    pw = sw + 2 * pad_left
    ratio = 1.0
    # A small image is brought up to limit_side_len; a window of a long strip is not: the strip
    # holds text at its own size (it is a page's length), and 20 windows upscaled 3.7x would
    # cost 20 pages' time.
    if upscale and min(ph, pw) < g.limit_side_len:
        ratio = g.limit_side_len / min(ph, pw)
    th = max(32, round(ph * ratio / 32) * 32)
    tw = max(32, round(pw * ratio / 32) * 32)
    if th * tw > g.max_pixels:
        # the area cap, whatever the upscaling asked for (the padding bounds the aspect ratio, so
        # the capped input is never a sliver)
        ratio = math.sqrt(g.max_pixels / (ph * pw))
        th = max(32, math.floor(ph * ratio / 32) * 32)
        tw = max(32, math.floor(pw * ratio / 32) * 32)
    return Window(x0, y0, x1, y1, scale, pad_top, pad_left, th, tw)


def merge_tiled_boxes(parts: list[tuple[int, np.ndarray]]) -> np.ndarray:
    """Boxes (page pixels) found in each window -> one set: boxes of different windows that
    overlap by at least half a text height both ways (a line cut by a window's edge, or a word
    seen whole by both windows) become their bounding rectangle."""
    boxes = [(tile, b) for tile, arr in parts for b in arr]
    if not boxes:
        return np.zeros((0, 4, 2), np.float32)
    rects = [[*b.min(axis=0), *b.max(axis=0)] for _, b in boxes]
    tiles = [{t} for t, _ in boxes]
    quads = [b for _, b in boxes]
    alive = [True] * len(boxes)
    changed = True
    while changed:
        changed = False
        for i in range(len(rects)):
            if not alive[i]:
                continue
            for j in range(i + 1, len(rects)):
                if not alive[j] or tiles[i] & tiles[j] or not _same_text(rects[i], rects[j]):
                    continue
                a, b = rects[i], rects[j]
                rects[i] = [min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])]
                x0, y0, x1, y1 = rects[i]
                quads[i] = np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], np.float32)
                tiles[i] |= tiles[j]
                alive[j] = False
                changed = True
    out = [q for q, keep in zip(quads, alive) if keep]
    return np.array(out, dtype=np.float32).reshape(-1, 4, 2)


def _same_text(a: list[float], b: list[float]) -> bool:
    text_h = min(a[2] - a[0], a[3] - a[1], b[2] - b[0], b[3] - b[1])
    ix = min(a[2], b[2]) - max(a[0], b[0])
    iy = min(a[3], b[3]) - max(a[1], b[1])
    return ix >= 0.5 * text_h and iy >= 0.5 * text_h and text_h > 0
