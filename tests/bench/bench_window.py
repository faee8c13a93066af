"""The window on the 100 000-member demo district, offscreen (issue 3): start-up, search, sort, memory."""

from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.common import Figure, demo_database, median, percentile, report

ROOT = Path(__file__).resolve().parents[2]


def run() -> None:
    path, key = demo_database()
    # Python keeps compiled modules on a user's machine; a sandbox that forbids it (PYTHONDONTWRITEBYTECODE) would
    # make every start compile the program's source again. Compile once here, as an installation does.
    compileall.compile_dir(ROOT / "desktop", quiet=1)
    compileall.compile_dir(ROOT / "db", quiet=1)
    compileall.compile_dir(ROOT / "reports", quiet=1)
    inherited = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    runs = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as home:
            environment = {
                **inherited,
                "QT_QPA_PLATFORM": "offscreen",
                "KANSLI_KEY": key.recovery_text(),
                "HOME": home,
                "XDG_CONFIG_HOME": str(Path(home) / "config"),
                "XDG_DATA_HOME": str(Path(home) / "data"),
                "XDG_STATE_HOME": str(Path(home) / "state"),
                "KANSLI_BENCH_T0": repr(time.time()),
            }
            result = subprocess.run(
                [sys.executable, "-m", "tests.bench.window_probe", str(path)],
                cwd=ROOT,
                env=environment,
                capture_output=True,
                text=True,
                check=True,
            )
        runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    keystrokes = [value for run in runs for value in run["keystrokes"]]
    sorts = [value for run in runs for value in run["sorts"].values()]
    slowest_sort = max(runs[-1]["sorts"].items(), key=lambda item: item[1])
    report(
        f"Window offscreen, {runs[0]['rows']:,} people in the list",
        [
            Figure(
                "process start to window shown with the list filled, median",
                median([r["shown"] for r in runs]),
                "s",
                "target ≤ 1.5 s",
            ),
            Figure(
                "keystroke to filtered list, 95th percentile",
                percentile(keystrokes, 0.95) * 1000,
                "ms",
                "target ≤ 100 ms",
            ),
            Figure("keystroke to filtered list, median", median(keystrokes) * 1000, "ms"),
            Figure("column sort, slowest column", max(sorts) * 1000, "ms", "target ≤ 300 ms"),
            Figure(f"  (slowest: {slowest_sort[0]})", slowest_sort[1] * 1000, "ms"),
            Figure("column sort, median", median(sorts) * 1000, "ms"),
            Figure("resident memory", max(r["rss_mb"] for r in runs), "MB", "target ≤ 400 MB"),
        ],
    )
