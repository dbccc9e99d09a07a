"""Turn OCRed keyframes into subtitle events with start and end times.

An event starts at a keyframe whose text differs from the running event and ends at the start of
the next keyframe whose text differs (that keyframe is the first frame seen without the text, so the
end is as precise as the keyframe selection). Empty-text keyframes end events and make none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from desktop_ocr.core.results import Line, PageResult

_SPACE = re.compile(r"\s+")


class Timed(Protocol):
    time_s: float | None
    index: int


@dataclass
class TextEvent:
    """One subtitle (or on-screen text) shown from ``start_s`` to ``end_s``.

    ``lines`` and ``frame_index`` come from the best-scored keyframe of the event; ``image`` is that
    frame only when asked for (``keep_images=True``): holding every frame of a long video costs
    gigabytes.
    """

    start_s: float
    end_s: float
    text: str
    lines: list[Line] = field(default_factory=list)
    frame_index: int = 0
    image: np.ndarray | None = field(default=None, repr=False)
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "start_s": round(float(self.start_s), 3),
            "end_s": round(float(self.end_s), 3),
            "text": self.text,
            "lines": [ln.to_dict() for ln in self.lines],
        }


def normalise(text: str) -> str:
    """Text used for comparing frames: whitespace removed (OCR spacing in CJK is unstable)."""
    return _SPACE.sub("", text)


def same_text(a: str, b: str, similarity: float = 85) -> bool:
    a, b = normalise(a), normalise(b)
    if a == b:
        return True
    if not a or not b:
        return False
    # One misread character in a short CJK subtitle already drops the ratio below 85 (3 chars: 67),
    # so a single substitution in texts of 3+ characters also counts as the same text.
    if len(a) == len(b) >= 3 and Levenshtein.distance(a, b) <= 1:
        return True
    return fuzz.ratio(a, b) >= similarity


def _mean_score(page: PageResult) -> float:
    return float(np.mean([ln.score for ln in page.lines])) if page.lines else 0.0


def merge_events(
    items: list[tuple[Timed, PageResult]],
    *,
    similarity: float = 85,
    video_end_s: float | None = None,
    keep_images: bool = False,
) -> list[TextEvent]:
    """Merge consecutive keyframes showing the same text into :class:`TextEvent` objects.

    ``items`` are (keyframe, OCR result) in any order (sorted here by time, then index). Texts are
    compared fuzzily (rapidfuzz ratio >= ``similarity`` on whitespace-free text), so one misread
    character does not split an event. The last event ends at ``video_end_s`` (or its last
    keyframe's time when unknown). Keyframes without a time use their index as the time.
    """

    def t_of(kf: Timed) -> float:
        return float(kf.time_s) if kf.time_s is not None else float(kf.index)

    ordered = sorted(items, key=lambda it: (t_of(it[0]), it[0].index))
    events: list[TextEvent] = []
    current: TextEvent | None = None
    last_t: float | None = None
    for kf, page in ordered:
        t = t_of(kf)
        text = page.text if page.ok else ""
        if current is not None and text and same_text(text, current.text, similarity):
            last_t = t
            score = _mean_score(page)
            if score > current.score:  # keep the most confidently read frame of the event
                current.text, current.lines, current.score = text, list(page.lines), score
                current.frame_index = kf.index
                if keep_images:
                    current.image = getattr(kf, "image", None)
            continue
        if current is not None:
            current.end_s = t
            events.append(current)
            current = None
        last_t = t
        if normalise(text):
            current = TextEvent(
                start_s=t,
                end_s=t,
                text=text,
                lines=list(page.lines),
                frame_index=kf.index,
                image=getattr(kf, "image", None) if keep_images else None,
                score=_mean_score(page),
            )
    if current is not None:
        end = video_end_s if video_end_s is not None else last_t
        current.end_s = max(current.start_s, float(end if end is not None else current.start_s))
        events.append(current)
    return events
