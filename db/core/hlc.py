"""Hybrid logical clock (HLC): timestamps that follow wall time but never go backwards.

Every change in the change log is stamped with the clock of the node that made it. Sync (last writer wins) compares
the stamps; the node id breaks ties. A stamp is encoded as fixed-width text so that text order is time order.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

_MAX_COUNTER = 0xFFFF


def wall_clock_ms() -> int:
    """Return the wall clock in milliseconds since the epoch."""
    return time.time_ns() // 1_000_000


@dataclass(frozen=True, order=True)
class HlcStamp:
    """One HLC reading: wall milliseconds and a counter for events within one millisecond."""

    wall_ms: int
    counter: int = 0

    def encode(self) -> str:
        """Return the stamp as sortable text, e.g. ``0001764165600000-0003``."""
        return f"{self.wall_ms:016d}-{self.counter:04x}"

    @classmethod
    def parse(cls, text: str) -> HlcStamp:
        """Read a stamp written by :meth:`encode`."""
        wall, _, counter = text.partition("-")
        if len(wall) != 16 or not wall.isdigit() or len(counter) != 4:
            raise ValueError(f"not an HLC stamp: {text!r}")
        return cls(int(wall), int(counter, 16))


class HybridLogicalClock:
    """A thread-safe HLC for one node."""

    def __init__(self, last: HlcStamp | None = None, now_ms: Callable[[], int] = wall_clock_ms) -> None:
        self._last = last or HlcStamp(0, 0)
        self._now_ms = now_ms
        self._lock = threading.Lock()

    @property
    def last(self) -> HlcStamp:
        """The most recent stamp given out or observed."""
        return self._last

    def tick(self) -> HlcStamp:
        """Return a new stamp, later than every stamp given out or observed before."""
        with self._lock:
            now = self._now_ms()
            if now > self._last.wall_ms:
                stamp = HlcStamp(now, 0)
            elif self._last.counter < _MAX_COUNTER:
                stamp = HlcStamp(self._last.wall_ms, self._last.counter + 1)
            else:
                # 65 536 events in one millisecond: borrow the next millisecond rather than overflow.
                stamp = HlcStamp(self._last.wall_ms + 1, 0)
            self._last = stamp
            return stamp

    def ticks(self, count: int) -> list[str]:
        """Return ``count`` new stamps, encoded, in one go (the change log of an import asks for thousands)."""
        with self._lock:
            now = self._now_ms()
            wall, counter = (now, 0) if now > self._last.wall_ms else (self._last.wall_ms, self._last.counter + 1)
            stamps = []
            for _ in range(count):
                if counter > _MAX_COUNTER:
                    wall, counter = wall + 1, 0
                stamps.append(f"{wall:016d}-{counter:04x}")
                counter += 1
            if stamps:
                self._last = HlcStamp(wall, counter - 1)
            return stamps

    def observe(self, remote: HlcStamp) -> None:
        """Move the clock past a stamp received from another node."""
        with self._lock:
            if remote > self._last:
                self._last = remote
