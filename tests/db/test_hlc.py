from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from db.core.hlc import HlcStamp, HybridLogicalClock


def test_stamps_are_monotonic_when_the_wall_clock_stands_still_or_goes_back() -> None:
    readings = iter([1000, 1000, 999, 1001, 500])
    clock = HybridLogicalClock(now_ms=lambda: next(readings))
    stamps = [clock.tick() for _ in range(5)]
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 5
    assert stamps[1] == HlcStamp(1000, 1)
    assert stamps[2] == HlcStamp(1000, 2)
    assert stamps[3] == HlcStamp(1001, 0)
    assert stamps[4] == HlcStamp(1001, 1)


def test_observing_a_later_remote_stamp_moves_the_clock_past_it() -> None:
    clock = HybridLogicalClock(now_ms=lambda: 10)
    clock.observe(HlcStamp(5000, 7))
    assert clock.tick() == HlcStamp(5000, 8)


def test_counter_overflow_borrows_the_next_millisecond() -> None:
    clock = HybridLogicalClock(HlcStamp(10, 0xFFFF), now_ms=lambda: 10)
    assert clock.tick() == HlcStamp(11, 0)


@given(st.lists(st.tuples(st.integers(0, 10**13), st.integers(0, 0xFFFF)), min_size=2))
def test_text_order_is_time_order(pairs: list[tuple[int, int]]) -> None:
    stamps = [HlcStamp(wall, counter) for wall, counter in pairs]
    assert sorted(stamps, key=lambda stamp: stamp.encode()) == sorted(stamps)
    assert all(HlcStamp.parse(stamp.encode()) == stamp for stamp in stamps)
