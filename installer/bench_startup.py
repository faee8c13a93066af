"""Start-up of the bundled program to a shown window, against the same program from source, in the same run.

Usage, from the repository root after ``make installer``: ``.venv/bin/python installer/bench_startup.py [--runs N]``.
Both are started offscreen on the same demo database, alternately, each as a new process; the start-up probe
(``rthook_startup_probe.py``: a runtime hook in the bundle, run by hand before ``main`` from source) writes the
seconds from just before the process was started to the main window shown. ``kansli --version`` (the command
line's start-up, no Qt) is timed the same way. Prints a table with medians and the bundle's size.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "kansli"
SOURCE_MAIN = (
    "import runpy, sys; runpy.run_path(sys.argv[1]); sys.argv = ['kansli', *sys.argv[2:]]\n"
    "from desktop.cli.main import main\n"
    "sys.exit(main())"
)


def commands(extra: list[str]) -> dict[str, list[str]]:
    probe = str(ROOT / "installer" / "rthook_startup_probe.py")
    return {
        "bundle": [str(BUNDLE / "kansli"), *extra],
        "source": [sys.executable, "-c", SOURCE_MAIN, probe, *extra],
    }


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--members", type=int, default=2000)
    options = parser.parse_args()
    if not (BUNDLE / "kansli").exists():
        print("bench_startup: build the bundle first (make installer)", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory() as work_name:
        work = Path(work_name)
        env = dict(os.environ)
        for name in ("KANSLI_DB", "KANSLI_KEY", "DBUS_SESSION_BUS_ADDRESS"):
            env.pop(name, None)
        env.update(
            HOME=str(work / "home"),
            XDG_STATE_HOME=str(work / "state"),
            XDG_CONFIG_HOME=str(work / "config"),
            XDG_DATA_HOME=str(work / "data"),
            PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
            QT_QPA_PLATFORM="offscreen",
            KANSLI_STARTUP_HOLD="3",  # the start-up work (overview figures) ends first, so quitting asks nothing
        )
        database = work / "demo.kansli"
        made = subprocess.run(
            [str(BUNDLE / "kansli"), "--db", str(database), "demo", "--members", str(options.members), "--seed", "1"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        lines = made.stdout.splitlines()
        key = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("Recovery key"))
        env.update(KANSLI_KEY=key, KANSLI_DB=str(database))

        window: dict[str, list[float]] = {"bundle": [], "source": []}
        version: dict[str, list[float]] = {"bundle": [], "source": []}
        for run in range(options.runs + 1):  # the first round warms the page cache and is not counted
            for kind, command in commands([]).items():
                probe = work / f"probe-{kind}-{run}.json"
                run_env = dict(env, KANSLI_STARTUP_PROBE=str(probe), KANSLI_STARTUP_T0=repr(time.time()))
                done = subprocess.run(command, env=run_env, capture_output=True, text=True, timeout=120)
                if done.returncode != 0:
                    print(f"bench_startup: {kind} exited with {done.returncode}: {done.stderr}", file=sys.stderr)
                    return 1
                result = json.loads(probe.read_text(encoding="utf-8"))
                if not result.get("ok"):
                    print(f"bench_startup: {kind} did not show the window: {result}", file=sys.stderr)
                    return 1
                if run:
                    window[kind].append(result["shown"])
            for kind, command in commands(["--version"]).items():
                begin = time.perf_counter()
                subprocess.run(command, env=env, capture_output=True, timeout=60, check=True)
                if run:
                    version[kind].append(time.perf_counter() - begin)

    size = folder_size(BUNDLE)
    tarballs = sorted((ROOT / "dist").glob("kansli-*-linux-*.tar.gz"))
    print(f"Start-up, median of {options.runs} runs each, alternating ({options.members}-person demo, offscreen)")
    print(f"{'':28}{'bundle':>10}{'source':>10}{'ratio':>8}")
    for label, figures in (("window shown (s)", window), ("kansli --version (s)", version)):
        bundle, source = statistics.median(figures["bundle"]), statistics.median(figures["source"])
        print(f"{label:28}{bundle:10.3f}{source:10.3f}{bundle / source:8.2f}")
    print(f"bundle dist/kansli: {size / 1e6:.0f} MB", end="")
    if tarballs:
        print(f"; {tarballs[-1].name}: {tarballs[-1].stat().st_size / 1e6:.0f} MB")
    else:
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
