"""Shared pieces of the benchmarks: the 100 000-member demo database, timing, and the result table."""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from db.core.database import create_database
from db.core.keys import DataKey
from db.core.migrate import head_revision
from db.demo import DEMO_DISTRICT, generate_demo
from db.members.interests import seed_default_interests

OUT = Path(__file__).resolve().parents[2] / "bench-out"
DEMO_MEMBERS = int(os.environ.get("KANSLI_BENCH_MEMBERS", "100000"))


@dataclass
class Figure:
    """One measured figure, with its target when the issue names one."""

    name: str
    value: float
    unit: str
    target: str = ""

    def line(self) -> str:
        shown = f"{self.value:,.3f}" if self.value < 100 else f"{self.value:,.0f}"
        return f"  {self.name:<58} {shown:>12} {self.unit:<6} {self.target}"


def machine() -> str:
    """Describe this machine for the report."""
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown CPU"
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"


@contextmanager
def timer() -> Iterator[Callable[[], float]]:
    """Measure the seconds a block takes: ``with timer() as elapsed: …; elapsed()``."""
    start = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - start
    end.append(time.perf_counter())


def percentile(values: list[float], fraction: float) -> float:
    """The value below which ``fraction`` of ``values`` fall."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


def demo_database(members: int = DEMO_MEMBERS, seed: int = 1) -> tuple[Path, DataKey]:
    """Return the benchmark demo database (made once per schema revision, kept in bench-out/) and its key."""
    OUT.mkdir(exist_ok=True)
    # Named after the schema's revision: a program with new tables gets a demo that fills them, not an old file.
    stem = f"demo-{members}-{seed}-r{head_revision()}"
    path = OUT / f"{stem}.db"
    key_file = OUT / f"{stem}.key"
    if path.exists() and key_file.exists():
        return path, DataKey.from_recovery_text(key_file.read_text())
    for leftover in (path, key_file):
        leftover.unlink(missing_ok=True)
    key = DataKey.generate()
    print(f"  (making the demo database of {members:,} members once; it is kept in {OUT})", flush=True)
    database = create_database(path, key, DEMO_DISTRICT, seed=seed_default_interests)
    try:
        generate_demo(database, members=members, seed=seed)
    finally:
        database.close()
    key_file.write_text(key.recovery_text())
    return path, key


def report(title: str, figures: list[Figure]) -> None:
    """Print a result table and append it to bench-out/results.jsonl."""
    print(f"\n{title}")
    for figure in figures:
        print(figure.line())
    OUT.mkdir(exist_ok=True)
    with (OUT / "results.jsonl").open("a", encoding="utf-8") as handle:
        record = {
            "title": title,
            "machine": machine(),
            "at": time.strftime("%Y-%m-%d %H:%M"),
            "figures": [figure.__dict__ for figure in figures],
        }
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def rss_megabytes(pid: int) -> float:
    """Resident memory of a process, in MB."""
    output = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True, check=False)
    return int(output.stdout.strip() or 0) / 1024
