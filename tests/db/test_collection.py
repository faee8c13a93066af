"""Bulk jobs pause the cyclic garbage collector and give it back as it was, whatever happens."""

from __future__ import annotations

import gc

import pytest

from db.core.collection import cycle_collection_paused, without_cycle_collection
from db.members.io import import_members
from db.sync.exchange import export_package, import_package


def test_paused_inside_restored_after_even_on_error_and_left_off_when_it_was_off() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), cycle_collection_paused():
        assert not gc.isenabled()
        with cycle_collection_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause does not switch it back on under the outer one
        raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with cycle_collection_paused():
            pass
        assert not gc.isenabled()  # somebody else had it off: still off
    finally:
        gc.enable()


def test_the_bulk_jobs_run_paused() -> None:
    seen: list[bool] = []

    @without_cycle_collection
    def job(value: int) -> int:
        seen.append(gc.isenabled())
        return value * 2

    assert job(21) == 42 and seen == [False] and gc.isenabled()
    assert job.__name__ == "job"
    for bulk in (import_members, export_package, import_package):
        assert bulk.__wrapped__ is not None  # type: ignore[attr-defined]
