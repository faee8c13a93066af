"""Reading the change log around the records an import has versioned itself: nothing else is left out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from db.sync.versions import _windows


@given(
    st.integers(0, 60),
    st.integers(0, 60),
    st.lists(st.tuples(st.integers(1, 70), st.integers(0, 10)), max_size=4),
)
def test_the_windows_and_the_skipped_records_cover_the_span_exactly_once(
    after: int, length: int, gaps: list[tuple[int, int]]
) -> None:
    upto = after + length
    skipped = [range(start, start + size) for start, size in gaps]
    read: list[int] = []
    for first, last in _windows(after, upto, skipped):
        assert after <= first < last <= upto
        read.extend(range(first + 1, last + 1))
    left_out = {seq for gap in skipped for seq in gap}
    assert sorted(read) == read  # in order, each once
    assert set(read) == {seq for seq in range(after + 1, upto + 1) if seq not in left_out}
