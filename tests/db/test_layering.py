"""The data and report layers must never load Qt: headless commands run where there is no display."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _all_modules(package: str) -> list[str]:
    module = __import__(package)
    names = [package]
    for info in pkgutil.walk_packages(module.__path__, prefix=f"{package}."):
        if info.name.startswith("db.migrations."):
            continue  # Alembic's environment and revision files are run by Alembic, not imported
        names.append(info.name)
    return names


def test_db_and_reports_import_without_pyside6() -> None:
    modules = _all_modules("db") + _all_modules("reports") + ["resources"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(len(sys.modules))\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 100  # the modules really were imported


def test_headless_cli_entry_does_not_load_pyside6() -> None:
    code = (
        "import sys\n"
        "import desktop.cli.main\n"
        "assert 'PySide6' not in sys.modules, 'the kansli command loads Qt before it opens a window'\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
