from __future__ import annotations

import os
import shutil
import time

import cv2
import numpy as np
import pytest

from desktop_ocr.core.video.keyframes import (
    VideoError,
    file_digest,
    hamming,
    iter_frame_folder,
    iter_keyframes,
    phash,
)
from tests.core.video.conftest import DURATION, FPS, SUBTITLES, H, W, background, draw_subtitle, write_video


def _boundaries() -> list[float]:
    """Every time the subtitle band's text changes (start of one, end of one)."""
    times = set()
    for s, e, _ in SUBTITLES:
        times.add(s)
        times.add(e)
    return sorted(times)


def test_keyframes_found_at_every_subtitle_change(subtitled_video):
    stream = iter_keyframes(subtitled_video)
    kfs = list(stream)
    times = np.array([k.time_s for k in kfs])
    for b in _boundaries():
        assert np.min(np.abs(times - b)) <= 0.5, f"no keyframe near subtitle change at {b}s: {times}"
    # the moving, noisy background must not make every examined frame a keyframe
    assert len(kfs) <= 2 * len(_boundaries()) + 2, times
    assert stream.stats["frames_total"] == round(DURATION * FPS)
    assert stream.stats["keyframes"] == len(kfs)
    assert stream.stats["fps"] == pytest.approx(FPS)
    assert stream.stats["duration_s"] == pytest.approx(DURATION, abs=0.1)


def test_keyframe_carries_full_frame_and_region_crop(subtitled_video):
    region = (0, H - 90, W, 90)
    with iter_keyframes(subtitled_video, region) as stream:
        kf = next(iter(stream))
    assert kf.image.shape == (H, W, 3)
    assert kf.region == region
    assert kf.crop().shape == (90, W, 3)
    assert np.array_equal(kf.crop(), kf.image[H - 90 :, :])


def test_region_around_subtitles_still_finds_changes(subtitled_video):
    times = np.array([k.time_s for k in iter_keyframes(subtitled_video, (0, H - 90, W, 90))])
    for b in _boundaries():
        assert np.min(np.abs(times - b)) <= 0.5


def test_corrupt_file_raises_video_error_naming_the_file(tmp_path):
    bad = tmp_path / "broken.mp4"
    bad.write_bytes(os.urandom(50_000))
    with pytest.raises(VideoError) as exc:
        iter_keyframes(bad)
    msg = str(exc.value)
    assert "broken.mp4" in msg and "\n" not in msg
    assert exc.value.path == str(bad)


def test_missing_file_raises_video_error(tmp_path):
    with pytest.raises(VideoError, match="nothere.mp4: file not found"):
        iter_keyframes(tmp_path / "nothere.mp4")


def test_close_stops_the_decoding_thread(tmp_path):
    long_video = write_video(str(tmp_path / "long.avi"), duration=20.0)
    stream = iter_keyframes(long_video, queue_size=1)
    it = iter(stream)
    next(it)  # first keyframe: the consumer saw a keyword, say
    assert stream.thread.is_alive()
    stream.close()
    assert not stream.thread.is_alive()
    assert stream.stats["frames_total"] < 20 * FPS  # it stopped early, not after decoding it all


def test_decoding_runs_ahead_of_a_slow_consumer(subtitled_video):
    stream = iter_keyframes(subtitled_video, queue_size=8)
    time.sleep(1.0)  # the consumer is busy (OCR); decoding must not wait for it
    assert stream.stats["frames_total"] > 1
    assert stream.stats["keyframes"] >= 1  # decoded and queued before anyone read it
    stream.close()


def test_identical_files_share_a_digest(subtitled_video, tmp_path):
    copy = tmp_path / "copy of clip.mp4"
    shutil.copyfile(subtitled_video, copy)
    other = write_video(str(tmp_path / "other.mp4"), seed=1)
    assert file_digest(copy) == file_digest(subtitled_video)
    assert file_digest(other) != file_digest(subtitled_video)
    assert len(file_digest(copy)) == 64


def test_phash_near_duplicates_close_different_text_far():
    rng = np.random.default_rng(3)
    base = draw_subtitle(background(0, rng), "你好世界")
    noisy = np.clip(base.astype(np.int16) + rng.integers(-6, 7, base.shape), 0, 255).astype(np.uint8)
    other = draw_subtitle(background(0, rng), "完全不同的一句话啊")
    assert hamming(phash(base), phash(noisy)) <= 4
    assert hamming(phash(base), phash(other)) > hamming(phash(base), phash(noisy))
    assert phash(base) < 2**64


def _write_png(path: str, img: np.ndarray) -> None:
    ok, data = cv2.imencode(".png", img)
    assert ok
    with open(path, "wb") as f:
        f.write(data.tobytes())


def test_frame_folder_drops_near_duplicates(tmp_path):
    rng = np.random.default_rng(0)
    bg = background(0, rng)
    strip = lambda text: draw_subtitle(bg.copy(), text)[H - 80 :]  # noqa: E731 - subtitle strips
    frames = [
        strip("你好世界"),
        strip("你好世界"),
        strip("你好世界"),
        strip(""),
        strip("再见朋友"),
        strip("再见朋友"),
    ]
    # near-duplicates: the same strip with compression-like noise
    frames[1] = np.clip(frames[1].astype(np.int16) + rng.integers(-5, 6, frames[1].shape), 0, 255).astype(
        np.uint8
    )
    folder = tmp_path / "帧"
    folder.mkdir()
    for i, f in enumerate(frames):
        _write_png(str(folder / f"frame_{i:03d}.png"), f)
    (folder / "notes.txt").write_text("not an image")
    (folder / "frame_999.png").write_bytes(b"broken")
    stream = iter_frame_folder(folder, fps_assumed=2.0)
    kfs = list(stream)
    assert [k.index for k in kfs] == [0, 3, 4]
    assert [k.time_s for k in kfs] == [0.0, 1.5, 2.0]
    assert kfs[1].path.endswith("frame_003.png")
    assert stream.stats["unreadable"] == 1
    assert [k.time_s for k in iter_frame_folder(folder, fps_assumed=None)] == [None, None, None]


def test_frame_folder_missing_raises(tmp_path):
    with pytest.raises(VideoError, match="not a folder"):
        iter_frame_folder(tmp_path / "nope")
