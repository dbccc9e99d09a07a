"""Synthetic subtitled videos: white CJK text over a moving, noisy background."""

from __future__ import annotations

import os

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

os.environ.pop("QT_QPA_PLATFORM_PLUGIN_PATH", None)

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
W, H, FPS = 640, 360, 24

# (start_s, end_s, text): a change straight from one subtitle to the next, and gaps.
SUBTITLES = [
    (0.5, 2.0, "你好世界"),
    (2.0, 3.5, "今天天气很好"),
    (4.5, 6.0, "再见朋友"),
    (7.0, 8.0, "敖丙来了"),
]
DURATION = 9.0


def _font(size: int) -> ImageFont.FreeTypeFont:
    if not os.path.exists(FONT):
        pytest.skip("CJK font missing")
    return ImageFont.truetype(FONT, size)


def background(i: int, rng: np.random.Generator) -> np.ndarray:
    """A moving colour gradient with a bouncing box and noise: plain frame differencing fires here."""
    x = np.linspace(0, 1, W, dtype=np.float32)[None, :]
    y = np.linspace(0, 1, H, dtype=np.float32)[:, None]
    ph = i / 10.0
    b = 80 + 60 * np.sin(6 * x + ph) * np.cos(4 * y - ph)
    g = 60 + 50 * np.cos(5 * x - ph)
    r = 70 + 40 * np.sin(3 * y + 2 * ph) + 0 * x
    img = np.stack([b + 0 * y, g + 0 * y, r], axis=-1)
    img += rng.normal(0, 8, img.shape).astype(np.float32)
    img = np.clip(img, 0, 255).astype(np.uint8)
    bx = int((i * 9) % (W - 80))
    cv2.rectangle(img, (bx, 200), (bx + 80, 330), (30, 140, 200), -1)  # a saturated moving object
    return img


def draw_subtitle(img: np.ndarray, text: str, size: int = 30) -> np.ndarray:
    pil = Image.fromarray(cv2.cvtColor(img, cv2.COLOR_BGR2RGB))
    d = ImageDraw.Draw(pil)
    font = _font(size)
    tw = d.textlength(text, font=font)
    d.text(
        ((W - tw) / 2, H - 60), text, font=font, fill=(255, 255, 255), stroke_width=2, stroke_fill=(0, 0, 0)
    )
    return cv2.cvtColor(np.asarray(pil), cv2.COLOR_RGB2BGR)


def subtitle_at(t: float, subs=SUBTITLES) -> str:
    for s, e, text in subs:
        if s <= t < e:
            return text
    return ""


def write_video(path: str, subs=SUBTITLES, duration: float = DURATION, fps: int = FPS, seed: int = 0) -> str:
    fourcc = "mp4v" if path.endswith(".mp4") else "MJPG"
    w = cv2.VideoWriter(path, cv2.VideoWriter_fourcc(*fourcc), fps, (W, H))
    assert w.isOpened(), "no video encoder available"
    rng = np.random.default_rng(seed)
    for i in range(round(duration * fps)):
        frame = background(i, rng)
        text = subtitle_at(i / fps, subs)
        if text:
            frame = draw_subtitle(frame, text)
        w.write(frame)
    w.release()
    return path


@pytest.fixture(scope="session")
def subtitled_video(tmp_path_factory) -> str:
    return write_video(str(tmp_path_factory.mktemp("vid") / "clip.mp4"))
