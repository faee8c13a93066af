"""Run the benchmarks: ``make bench`` (or ``python -m tests.bench [name …]``). They print their figures."""

from __future__ import annotations

import importlib
import sys

from tests.bench.common import machine

# The import last: it writes some 600 MB, which pushes the demo district's file out of the operating system's cache,
# and the benchmarks after it would measure the disk rather than the program.
BENCHMARKS = [
    "bench_database",
    "bench_window",
    "bench_calling",
    "bench_call_sheets",
    "bench_newsletters",
    "bench_meetings",
    "bench_recognition",
    "bench_annual",
    "bench_sync",
    "bench_import",
]


def main(names: list[str]) -> int:
    print(f"Kansli benchmarks on {machine()}")
    for name in names or BENCHMARKS:
        module = importlib.import_module(f"tests.bench.{name}")
        module.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
