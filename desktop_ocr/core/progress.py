"""Progress a user can read: times as ``mm:ss.mmm``, the rate of a batch and the time it has left.

One place for how the app writes a time on screen (video event times, a batch's time left), and
for the estimate behind "time left": the rate so far, once enough work is done to give one.
"""

from __future__ import annotations

from dataclasses import dataclass


def clock_text(seconds: float | None, millis: bool = True) -> str:
    """``75.5`` -> ``01:15.500`` (minutes and seconds; hours in front from one hour on,
    ``1:02:03.456``); ``millis=False`` rounds to whole seconds (``01:16``). None -> ''."""
    if seconds is None:
        return ""
    ms = round(max(0.0, float(seconds)) * 1000)
    if not millis:
        ms = round(ms / 1000) * 1000
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    text = f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"
    return f"{text}.{ms:03d}" if millis else text


def parse_clock(text: str) -> float:
    """The seconds of a :func:`clock_text` (``01:15.500`` -> 75.5)."""
    total = 0.0
    for part in text.strip().split(":"):
        total = total * 60 + float(part)
    return total


@dataclass(frozen=True)
class Estimate:
    """Where a batch stands: ``done`` of ``total`` after ``elapsed_s``; the rate and time left
    once something is done (None before). Pages, or seconds of a video reviewed."""

    done: float
    total: float
    elapsed_s: float

    @property
    def per_minute(self) -> float | None:
        if self.done <= 0 or self.elapsed_s <= 0:
            return None
        return self.done * 60.0 / self.elapsed_s

    @property
    def left_s(self) -> float | None:
        if self.done <= 0 or self.elapsed_s <= 0 or self.total < self.done:
            return None
        return (self.total - self.done) * self.elapsed_s / self.done


__all__ = ["Estimate", "clock_text", "parse_clock"]
