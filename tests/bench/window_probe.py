"""Started as its own process by bench_window: opens the real window on a database and measures it.

Prints one JSON object: seconds from process start to the window shown with the member list filled, the time
from each keystroke in the search field to the filtered list, the time of each column sort, and resident memory.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from desktop.app import Launcher


def _settle(app: QApplication) -> None:
    # The search applies on a zero-delay timer; two passes run it and repaint.
    app.processEvents()
    app.processEvents()


def main(database: str) -> int:
    started = float(os.environ["KANSLI_BENCH_T0"])
    app = QApplication(sys.argv[:1])
    launcher = Launcher(app, "bench")
    launcher.start(Path(database))
    window = launcher.window
    assert window is not None, "the database did not open"
    members = window.show_tab("members")
    assert members is not None
    model = members.model  # type: ignore[attr-defined]
    table = members.table  # type: ignore[attr-defined]
    app.processEvents()
    table.viewport().repaint()
    shown = time.time() - started
    rows_shown = model.rowCount()

    keystrokes: list[float] = []
    search = members.search  # type: ignore[attr-defined]
    for text in ("virta", "ahlq", "0401", "kokkola", "anna mä"):
        search.clear()
        _settle(app)
        for character in text:
            begin = time.perf_counter()
            QTest.keyClick(search, character)
            _settle(app)
            table.viewport().repaint()
            keystrokes.append(time.perf_counter() - begin)
    search.clear()
    _settle(app)

    sorts: dict[str, float] = {}
    for column, spec in enumerate(model.columns):
        begin = time.perf_counter()
        table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        _settle(app)
        table.viewport().repaint()
        sorts[spec.key] = time.perf_counter() - begin

    with open(f"/proc/{os.getpid()}/status", encoding="ascii") as status:
        rss_kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))
    print(
        json.dumps(
            {"shown": shown, "rows": rows_shown, "keystrokes": keystrokes, "sorts": sorts, "rss_mb": rss_kb / 1024}
        )
    )
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
