"""Run the benchmarks: ``make bench`` (or ``python -m tests.bench [name …]``). They print their figures."""

from __future__ import annotations

import importlib
import sys

from tests.bench.common import machine

BENCHMARKS = ["bench_database", "bench_import", "bench_window"]


def main(names: list[str]) -> int:
    print(f"Kansli benchmarks on {machine()}")
    for name in names or BENCHMARKS:
        module = importlib.import_module(f"tests.bench.{name}")
        module.run()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
