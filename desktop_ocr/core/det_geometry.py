"""Where text detection looks, and at what size: pure arithmetic on image sizes, no model.

DBNet wants the short side of its input brought up to ``limit_side_len`` (small text gets more
pixels) and a page no larger than ``max_side_len``. Taken alone those two rules blow up on odd
shapes: a 1x1 PNG became a 736x43424 input (7 GB), a 1x300 one failed a 2.6 GB allocation, and a
30000x200 strip was shrunk to 2000x13, losing all its text. So the plan here

* skips images too small to hold a line of text (no model call at all);
* pads thin images, wide *and* tall, to at most ``width_height_ratio`` : 1;
* caps the input's area (``max_upscaled_pixels``) whatever the upscaling asks for;
* runs the model on a page larger than ``max_pixels`` in horizontal bands of its input
  (memory), whose text maps are joined before the boxes are found (see :class:`Window`);
* cuts long images (``tile_aspect`` : 1 and longer than ``max_side_len``) into overlapping windows
  along the long side, each detected on its own; :func:`merge_tiled_boxes` joins the boxes of a
  line that a cut split and drops the copies found twice in an overlap.

Everything is computed from the size alone, so tests check the sizes without allocating them.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class DetGeometry:
    limit_side_len: int = 736  # the short side is brought up to this (small text gets more pixels)
    max_side_len: int = 2000  # pages larger than this are downscaled for detection only
    min_height: int = 30
    width_height_ratio: float = 8.0
    # The largest model input of a page that needs no upscaling, in pixels: the model runs on a
    # larger page in bands of this size (memory): a whole 2000 x 2536 page (a 1568 x 1984 input)
    # peaked near 1 GB; in 1 Mpx bands one worker peaks at 358 MB (0.8 Mpx: 324 MB, 1.2 Mpx:
    # 392 MB; `desktop-ocr bench --memory`, aim 400 MB). A band does not read quite as the whole
    # page does: the model's squeeze-excitation blocks average over their input, so box edges
    # move by a pixel or two. Scribe set line CER (lines cut at wide blanks): 0.0335 in 0.8 Mpx
    # bands, 0.0322 in 1 Mpx, 0.0326 in 1.2 Mpx (which read small print worse: 6 of 12 placements
    # of a 14-16 px line on a 3000 px page right, against 9 in 1 Mpx bands and 8 whole).
    max_pixels: int = 1_000_000
    # The largest input of a small image brought up to limit_side_len. Kept as large as the usual
    # upscaling of a small capture gets (a 600 x 110 line: 736 x 4000), whose readings the
    # shipped defaults were tuned on (a lower cap changed "number 0" into "number O"); it only
    # stops the runaway cases (a 1 x 1 PNG asked for 736 x 43424).
    max_upscaled_pixels: int = 2048 * 2048
    # A readable line needs about 8 px of height, and two characters need some 16 px of length:
    # below that (icons, rules, 1-pixel spacers) there is no text to find.
    min_text_side: int = 8
    min_text_length: int = 16
    tile_aspect: float = 4.0  # longer than this (and than max_side_len): detected in windows
    # rows of the model's input two bands share (a multiple of 32): each band's map is used up to
    # the middle of the overlap, where the model still sees 48 rows of the page around every pixel
    band_overlap: int = 96
    tile_overlap: float = 0.25  # share of a window seen again by the next one


@dataclass(frozen=True)
class Window:
    """One detection input: the source rectangle, the shrink applied to it, the padding added
    (on both sides, in shrunk pixels) and the model input's size (multiples of 32).

    ``band_rows``: when set, the model runs on bands of that many rows of the input, overlapping
    by ``band_overlap`` rows, and the text map is joined from the bands (each band's rows up to
    the middle of its overlaps) before any box is found: a page's boxes as from one model run,
    at the memory of a band. Bands are cut at multiples of 32 rows, the model's stride, so that a
    band's map lines up with the whole input's."""

    x0: int
    y0: int
    x1: int
    y1: int
    scale: float  # source pixels -> shrunk pixels (<= 1)
    pad_top: int  # rows added above (and as many below) the shrunk window
    pad_left: int  # columns added left (and as many right) of it
    tensor_h: int
    tensor_w: int
    band_rows: int = 0
    band_overlap: int = 0

    @property
    def tensor_pixels(self) -> int:
        """The largest input the model gets at once (a band's, for a page run in bands)."""
        return (self.band_rows or self.tensor_h) * self.tensor_w

    def bands(self) -> list[tuple[int, int, int, int]]:
        """(first row, end row, first row used, end row used) of each model run, in input rows."""
        if not self.band_rows or self.band_rows >= self.tensor_h:
            return [(0, self.tensor_h, 0, self.tensor_h)]
        # as few bands as the overlap allows, spread evenly, each start rounded down to 32 rows:
        # two starts are then at most the step apart, rounded up to 32, which the overlap leaves
        last = self.tensor_h - self.band_rows
        n = max(2, math.ceil(last / (self.band_rows - self.band_overlap)) + 1)
        starts = [last if i == n - 1 else i * last // (n - 1) // 32 * 32 for i in range(n)]
        out = []
        for i, y0 in enumerate(starts):
            y1 = y0 + self.band_rows
            use0 = 0 if i == 0 else (y0 + starts[i - 1] + self.band_rows) // 2
            use1 = self.tensor_h if i == n - 1 else (starts[i + 1] + y1) // 2
            out.append((y0, y1, use0, use1))
        return out


def too_small(h: int, w: int, g: DetGeometry) -> bool:
    return min(h, w) < g.min_text_side or max(h, w) < g.min_text_length


def plan_windows(h: int, w: int, g: DetGeometry) -> list[Window]:
    """The detection inputs for an ``h`` x ``w`` image: none when it is too small to hold text,
    one for an ordinary page, several overlapping windows for a long strip."""
    if too_small(h, w, g):
        return []
    tiles = _tiles(h, w, g)
    if len(tiles) > 1:
        return [_window(x0, y0, x1, y1, g, upscale=False) for x0, y0, x1, y1 in tiles]
    whole = _window(0, 0, w, h, g, upscale=True)
    if whole.tensor_pixels <= g.max_pixels or min(h, w) * whole.scale < g.limit_side_len:
        return [whole]  # small enough, or a small image brought up (the area cap bounds it)
    # the model runs in horizontal bands of the input: across the lines, a multiple of 32 rows
    whole = _window(0, 0, w, h, g, upscale=True, capped=False)
    overlap = max(32, g.band_overlap // 32 * 32)
    band = max(2 * overlap, g.max_pixels // whole.tensor_w // 32 * 32)
    if band >= whole.tensor_h:
        return [whole]
    return [dataclasses.replace(whole, band_rows=band, band_overlap=overlap)]


def read_scale(h: int, w: int, g: DetGeometry) -> float:
    """The scale the detector saw the image's text at (recognition reads lines at it too)."""
    windows = plan_windows(h, w, g)
    return min((win.scale for win in windows), default=1.0)


def _tiles(h: int, w: int, g: DetGeometry) -> list[tuple[int, int, int, int]]:
    long_side, short_side = max(h, w), min(h, w)
    if long_side <= g.max_side_len or long_side / short_side <= g.tile_aspect:
        return [(0, 0, w, h)]
    # Windows of the padding's aspect ratio (no padding needed), at most a page long and of at
    # most max_pixels: the text keeps its size. The overlap makes a word shorter than it whole in
    # at least one window.
    short_det = min(short_side, g.max_side_len)
    length = min(g.max_side_len, int(short_side * g.width_height_ratio), g.max_pixels // short_det)
    length = max(length, min(short_side, 2 * g.band_overlap))
    overlap = int(length * g.tile_overlap)
    starts = _starts(long_side, length, overlap)
    if w >= h:
        return [(s, 0, s + length, h) for s in starts]
    return [(0, s, w, s + length) for s in starts]


def _starts(total: int, length: int, overlap: int) -> list[int]:
    """Window starts from 0 to ``total - length``, evenly spread, overlapping by ``overlap`` or more."""
    if length >= total:
        return [0]
    n = math.ceil((total - overlap) / (length - overlap))
    return [round(i * (total - length) / (n - 1)) for i in range(n)]


def _window(x0: int, y0: int, x1: int, y1: int, g: DetGeometry, upscale: bool, capped: bool = True) -> Window:
    """``capped``: the input is kept within ``max_pixels`` (a window of a long strip) or, when
    brought up, ``max_upscaled_pixels``; a page run in bands is not (its bands are)."""
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
    cap = g.max_upscaled_pixels if ratio > 1.0 else g.max_pixels
    if (capped or ratio > 1.0) and th * tw > cap:
        # the area cap, whatever the upscaling asked for (the padding bounds the aspect ratio, so
        # the capped input is never a sliver); a larger page is cut into bands by the caller, and
        # a window sized to the cap is rounded down, not up
        if ratio > 1.0:
            ratio = math.sqrt(cap / (ph * pw))
        th = max(32, math.floor(ph * ratio / 32) * 32)
        tw = max(32, math.floor(pw * ratio / 32) * 32)
    return Window(x0, y0, x1, y1, scale, pad_top, pad_left, th, tw)


def merge_tiled_boxes(parts: list[tuple[int, np.ndarray]]) -> np.ndarray:
    """Boxes (page pixels) found in each window -> one set: boxes of different windows that
    overlap by at least half a text height both ways (a line cut by a window's edge, or a word
    seen whole by both windows) become their bounding rectangle, or the whole one where one holds
    the other; every fragment inside a kept box goes (a line cut into several pieces)."""
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
                if not alive[j] or not _same_text(rects[i], rects[j]):
                    continue
                a, b = rects[i], rects[j]
                if tiles[i] & tiles[j] and not _contained(a, b):
                    # pieces of one window are its own separate boxes, unless one lies inside the
                    # other: a window that cut a line into two fragments has both absorbed by the
                    # other window's whole line (after the first, the merged box shares its window)
                    continue
                if _contained(a, b):  # seen whole by one window: keep that box (and its slant)
                    if _area(b) > _area(a):
                        rects[i], quads[i] = b, quads[j]
                else:  # cut in two by a window's edge: the rectangle around both pieces
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


def _area(r: list[float]) -> float:
    return max(0.0, r[2] - r[0]) * max(0.0, r[3] - r[1])


def _contained(a: list[float], b: list[float]) -> bool:
    inter = [max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])]
    return _area(inter) >= 0.8 * min(_area(a), _area(b))
