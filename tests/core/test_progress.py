"""How times and a batch's progress read on screen."""

import pytest

from desktop_ocr.core.progress import Estimate, clock_text, parse_clock


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "00:00.000"),
        (0.0004, "00:00.000"),
        (2.5, "00:02.500"),
        (75.5, "01:15.500"),
        (59.9996, "01:00.000"),  # rounded to the millisecond, carried into the minute
        (3599.999, "59:59.999"),
        (3723.456, "1:02:03.456"),
        (-1, "00:00.000"),
    ],
)
def test_times_read_as_minutes_seconds_and_milliseconds(seconds, text):
    assert clock_text(seconds) == text
    assert parse_clock(text) == pytest.approx(max(0.0, seconds), abs=0.0006)


def test_whole_seconds_and_no_time():
    assert clock_text(127.6, millis=False) == "02:08"
    assert clock_text(3600, millis=False) == "1:00:00"
    assert clock_text(None) == ""


def test_rate_and_time_left_from_the_pages_done_so_far():
    est = Estimate(done=10, total=30, elapsed_s=60.0)
    assert est.per_minute == pytest.approx(10.0)
    assert est.left_s == pytest.approx(120.0)
    assert clock_text(est.left_s, millis=False) == "02:00"
    # nothing done yet: no rate, no guess
    assert Estimate(0, 30, 5.0).per_minute is None and Estimate(0, 30, 5.0).left_s is None
    assert Estimate(30, 30, 90.0).left_s == 0
