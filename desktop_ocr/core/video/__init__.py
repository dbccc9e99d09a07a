"""Qt-free video review: keyframe selection, subtitle events, reports.

Pipeline: :func:`iter_keyframes` (decoding on its own thread, frame differencing of a white-text mask,
perceptual-hash de-duplication) -> OCR each keyframe -> :func:`merge_events` -> :class:`VideoReport`.
"""

from desktop_ocr.core.video.events import TextEvent, merge_events
from desktop_ocr.core.video.keyframes import (
    Keyframe,
    KeyframeStream,
    VideoError,
    file_digest,
    hamming,
    iter_frame_folder,
    iter_keyframes,
    phash,
)
from desktop_ocr.core.video.report import VideoHit, VideoReport, write_evidence

__all__ = [
    "Keyframe",
    "KeyframeStream",
    "TextEvent",
    "VideoError",
    "VideoHit",
    "VideoReport",
    "file_digest",
    "hamming",
    "iter_frame_folder",
    "iter_keyframes",
    "merge_events",
    "phash",
    "write_evidence",
]
