import pytest

from desktop_ocr.platform.geometry import (
    MonitorGeometry,
    ScreenGeometry,
    image_to_logical,
    image_to_virtual,
    logical_to_image,
    logical_to_virtual,
    match_screens,
    virtual_to_image,
)

# Layouts: (Qt screens as Qt reports them, mss monitors in physical px). Qt keeps the screen's
# origin native and divides the size by the dpr (see geometry module docstring).
SINGLE = ([ScreenGeometry(0, 0, 1920, 1080, 1.0)], [MonitorGeometry(0, 0, 1920, 1080)])
LEFT_OF_PRIMARY = (
    [ScreenGeometry(0, 0, 1920, 1080, 1.0), ScreenGeometry(-1920, 0, 1920, 1080, 1.0)],
    [MonitorGeometry(-1920, 0, 1920, 1080), MonitorGeometry(0, 0, 1920, 1080)],
)
MIXED_4K_1080 = (
    [ScreenGeometry(0, 0, 1920, 1080, 2.0), ScreenGeometry(3840, 0, 1920, 1080, 1.0)],
    [MonitorGeometry(3840, 0, 1920, 1080), MonitorGeometry(0, 0, 3840, 2160)],
)
ABOVE = (
    [ScreenGeometry(0, 0, 2560, 1440, 1.0), ScreenGeometry(320, -1080, 1920, 1080, 1.0)],
    [MonitorGeometry(0, 0, 2560, 1440), MonitorGeometry(320, -1080, 1920, 1080)],
)
FRACTIONAL = ([ScreenGeometry(0, 0, 1920, 1080, 1.5)], [MonitorGeometry(0, 0, 2880, 1620)])
FRACTIONAL_125 = ([ScreenGeometry(0, 0, 1536, 864, 1.25)], [MonitorGeometry(0, 0, 1920, 1080)])


@pytest.mark.parametrize(
    "layout, expected",
    [
        (SINGLE, [0]),
        (LEFT_OF_PRIMARY, [1, 0]),
        (MIXED_4K_1080, [1, 0]),
        (ABOVE, [0, 1]),
        (FRACTIONAL, [0]),
        (FRACTIONAL_125, [0]),
    ],
)
def test_match_screens(layout, expected):
    screens, monitors = layout
    assert match_screens(screens, monitors) == expected


def test_match_with_globally_scaled_origins():
    # QT_SCALE_FACTOR=2 scales the origin too: the second screen is at logical x=960.
    screens = [ScreenGeometry(0, 0, 960, 540, 2.0), ScreenGeometry(960, 0, 960, 540, 2.0)]
    monitors = [MonitorGeometry(1920, 0, 1920, 1080), MonitorGeometry(0, 0, 1920, 1080)]
    assert match_screens(screens, monitors) == [1, 0]


def test_match_falls_back_to_size_then_order():
    # Offsets disagree (e.g. different panel reservation), sizes identify the monitors.
    screens = [ScreenGeometry(0, 0, 1280, 800, 1.0), ScreenGeometry(1300, 0, 1920, 1080, 1.0)]
    monitors = [MonitorGeometry(1280, 0, 1920, 1080), MonitorGeometry(0, 0, 1280, 800)]
    assert match_screens(screens, monitors) == [1, 0]
    # Nothing matches, same count: paired left to right.
    assert match_screens([ScreenGeometry(0, 0, 800, 600)], [MonitorGeometry(0, 0, 1600, 1200)]) == [0]
    # More screens than monitors and nothing matches: unmatched stays None.
    two = [ScreenGeometry(0, 0, 800, 600), ScreenGeometry(800, 0, 800, 600)]
    assert match_screens(two, [MonitorGeometry(0, 0, 1000, 1000)]) == [None, None]


def test_single_dpr1_identity():
    assert logical_to_image((100, 50, 300, 200), (1920, 1080), (1920, 1080)) == (100, 50, 300, 200)
    # drag up-left gives a negative size
    assert logical_to_image((400, 250, -300, -200), (1920, 1080), (1920, 1080)) == (100, 50, 300, 200)


def test_left_monitor_negative_virtual_coords():
    screens, monitors = LEFT_OF_PRIMARY
    left_screen, left_mon = screens[1], monitors[0]
    assert logical_to_virtual((10, 20, 100, 50), left_screen, left_mon) == (-1910, 20, 100, 50)


def test_hidpi_4k_next_to_1080p():
    screens, monitors = MIXED_4K_1080
    # 4K dpr 2: logical (100, 100, 50, 25) covers physical (200, 200, 100, 50)
    assert logical_to_virtual((100, 100, 50, 25), screens[0], monitors[1]) == (200, 200, 100, 50)
    # 1080p dpr 1 to its right: its image starts at virtual x=3840
    assert logical_to_virtual((100, 100, 50, 25), screens[1], monitors[0]) == (3940, 100, 50, 25)


def test_monitor_above_with_negative_y():
    screens, monitors = ABOVE
    assert logical_to_virtual((0, 1000, 200, 80), screens[1], monitors[1]) == (320, -80, 200, 80)


@pytest.mark.parametrize("dpr, logical_size", [(1.25, (1536, 864)), (1.5, (1280, 720)), (2.0, (960, 540))])
def test_fractional_scale_covers_every_touched_pixel(dpr, logical_size):
    image_size = (1920, 1080)
    # a logical rect on exact integer boundaries maps to scaled boundaries
    x, y, w, h = logical_to_image((10, 20, 100, 40), logical_size, image_size)
    assert (x, y) == (int(10 * dpr), int(20 * dpr))
    assert (x + w, y + h) == (round(110 * dpr + 0.4999), round(60 * dpr + 0.4999))
    # the physical rect always contains the logical one, never more than a pixel extra per edge
    lx, ly, lw, lh = image_to_logical((x, y, w, h), logical_size, image_size)
    assert lx <= 10 and ly <= 20 and lx + lw >= 110 and ly + lh >= 60
    assert 10 - lx < 1 and 110 <= lx + lw < 110 + 1


def test_fractional_15_odd_edges():
    # at dpr 1.5, logical 11 -> physical 16.5: the half pixel is included on both sides
    assert logical_to_image((11, 11, 10, 10), (1280, 720), (1920, 1080)) == (16, 16, 16, 16)


def test_clipping_and_inverse_roundtrip():
    assert logical_to_image((-10, -10, 30, 30), (960, 540), (1920, 1080)) == (0, 0, 40, 40)
    assert logical_to_image((950, 530, 50, 50), (960, 540), (1920, 1080)) == (1900, 1060, 20, 20)
    assert image_to_logical((200, 100, 40, 20), (960, 540), (1920, 1080)) == (100.0, 50.0, 20.0, 10.0)
    mon = MonitorGeometry(-1920, -200, 1920, 1080)
    assert image_to_virtual((10, 10, 5, 5), mon) == (-1910, -190, 5, 5)
    assert virtual_to_image((-1910, -190, 5, 5), mon) == (10, 10, 5, 5)
    assert virtual_to_image((-10, 0, 100, 100), mon) == (1910, 200, 10, 100)  # clipped at the right
