"""Start-up probe (a PyInstaller runtime hook; inert unless ``KANSLI_STARTUP_PROBE`` is set).

Used by ``installer/test_bundle.sh`` and ``installer/bench_startup.py`` to see, from outside, that the bundled
window really came up: when ``KANSLI_STARTUP_PROBE=<file>`` is set, the first time Qt's event loop runs it watches
the top-level windows, writes one JSON object to ``<file>`` (seconds from ``KANSLI_STARTUP_T0``, or from the
interpreter start, to the main window shown; the visible top-level windows) and quits the program after
``KANSLI_STARTUP_HOLD`` seconds (default 3). A message box instead of the main window (a start-up error) is
written down as such. The same file runs the probe from source (``bench_startup.py``).
"""

from __future__ import annotations

import json
import os
import time


def _install(probe_file: str) -> None:
    started = float(os.environ.get("KANSLI_STARTUP_T0") or time.time())
    hold = float(os.environ.get("KANSLI_STARTUP_HOLD", "3"))
    timeout = float(os.environ.get("KANSLI_STARTUP_TIMEOUT", "60"))

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    original_exec = QApplication.exec
    state: dict[str, object] = {"written": False}

    def write(result: dict[str, object]) -> None:
        if not state["written"]:
            state["written"] = True
            with open(probe_file, "w", encoding="utf-8") as out:
                json.dump(result, out)

    def look(app: QApplication, timer: QTimer) -> None:
        elapsed = time.time() - started
        windows = [w for w in app.topLevelWidgets() if w.isVisible()]
        described = [{"class": type(w).__name__, "title": w.windowTitle()} for w in windows]
        main = [w for w in windows if type(w).__name__ == "MainWindow"]
        boxes = [w for w in windows if type(w).__name__ in ("QMessageBox", "QDialog") or w.isModal()]
        if main and not state["written"]:
            app.processEvents()
            write({"ok": True, "shown": elapsed, "windows": described})
            QTimer.singleShot(int(hold * 1000), app.quit)
        elif boxes and not main and not state["written"] and elapsed > 1.0:
            texts = [getattr(w, "text", lambda: "")() for w in boxes]
            write({"ok": False, "shown": None, "windows": described, "texts": texts})
            app.exit(3)
        elif elapsed > timeout and not state["written"]:
            write({"ok": False, "shown": None, "windows": described, "texts": ["no main window in time"]})
            app.exit(4)
        if state["written"]:
            timer.stop()

    def exec_with_probe(*_args: object) -> int:
        # Called as app.exec() (bound) or QApplication.exec(); Qt's own exec takes no arguments either way.
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        timer = QTimer(app)
        timer.setInterval(10)  # looked at from inside the event loop, so the window has been laid out and painted
        timer.timeout.connect(lambda: look(app, timer))
        timer.start()
        return int(original_exec())

    QApplication.exec = exec_with_probe  # type: ignore[method-assign]


if os.environ.get("KANSLI_STARTUP_PROBE"):
    _install(os.environ["KANSLI_STARTUP_PROBE"])
