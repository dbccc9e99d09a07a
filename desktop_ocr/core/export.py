"""The annotated page a user exports: keyword colours, the page with its line boxes and filled hits.

No Qt here: the GUI and the command line share it, and the annotated image is drawn with OpenCV so
that it can be rendered on a worker thread.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from desktop_ocr.core.results import PageResult
from desktop_ocr.core.spans import span_quad

# Distinct, colour-blind-friendlier hues (Okabe-Ito plus two), as RGB. A keyword keeps its colour
# for as long as it keeps its place in the list.
PALETTE: tuple[tuple[int, int, int], ...] = (
    (230, 159, 0),
    (86, 180, 233),
    (0, 158, 115),
    (240, 228, 66),
    (204, 121, 167),
    (213, 94, 0),
    (0, 114, 178),
    (148, 103, 189),
    (140, 86, 75),
    (127, 127, 127),
)
BOX_RGB = (30, 120, 255)


def keyword_colors(labels: Sequence[str]) -> dict[str, tuple[int, int, int]]:
    """RGB colour per keyword label, by its place in the list."""
    return {label: PALETTE[i % len(PALETTE)] for i, label in enumerate(labels)}


def render_annotated(
    image_bgr: np.ndarray,
    result: PageResult,
    colors: dict[str, tuple[int, int, int]] | None = None,
) -> np.ndarray:
    """A copy of the page with every line's box outlined and every keyword hit filled in its colour."""
    import cv2

    out = np.ascontiguousarray(image_bgr.copy())
    h, w = out.shape[:2]
    thick = max(1, round(min(w, h) / 600))
    colors = colors or {}
    hits = result.hits or []
    spans = []  # (quad, BGR colour) of each hit whose line exists
    for i, hit in enumerate(hits):
        if 0 <= hit.line < len(result.lines):
            ln = result.lines[hit.line]
            quad = np.round(np.array(span_quad(ln.box, ln.text, hit.start, hit.end))).astype(np.int32)
            r, g, b = colors.get(hit.keyword, PALETTE[i % len(PALETTE)])
            spans.append((quad, (b, g, r)))
    if spans:
        overlay = out.copy()
        for quad, bgr in spans:
            cv2.fillPoly(overlay, [quad], bgr)
        out = cv2.addWeighted(overlay, 0.45, out, 0.55, 0)
        for quad, bgr in spans:
            cv2.polylines(out, [quad], True, bgr, thick + 1, cv2.LINE_AA)
    r, g, b = BOX_RGB
    for ln in result.lines:
        pts = np.round(np.array(ln.box)).astype(np.int32)
        cv2.polylines(out, [pts], True, (b, g, r), thick, cv2.LINE_AA)
    return out


def encode_png(image_bgr: np.ndarray) -> bytes:
    import cv2

    ok, buf = cv2.imencode(".png", image_bgr)
    if not ok:
        raise OSError("cannot encode the image as PNG")
    return buf.tobytes()


__all__ = [
    "PALETTE",
    "encode_png",
    "keyword_colors",
    "render_annotated",
]
