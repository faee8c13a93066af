"""Start-up probe (a PyInstaller runtime hook; inert unless ``KANSLI_STARTUP_PROBE`` is set).

Used by ``installer/test_bundle.sh`` and ``installer/bench_startup.py`` to see, from outside, that the bundled
window really came up: when ``KANSLI_STARTUP_PROBE=<file>`` is set, the first time Qt's event loop runs it watches
the top-level windows, writes one JSON object to ``<file>`` (seconds from ``KANSLI_STARTUP_T0``, or from the
interpreter start, to the main window shown; the visible top-level windows) and quits the program after
``KANSLI_STARTUP_HOLD`` seconds (default 3) as the user would (``QApplication.quit``, which asks every window to
close). A message box instead of the main window (a start-up error) is written down as such, and a dialog that
quitting brings up is printed to stderr and ends the program with exit code 5. The same file runs the probe from
source (``bench_startup.py``).
"""

from __future__ import annotations

import json
import os
import sys
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

    def quit_now(app: QApplication) -> None:
        state["quitting"] = True
        app.quit()  # as the user would: Qt 6 asks every window to close first

    def look(app: QApplication, timer: QTimer) -> None:
        elapsed = time.time() - started
        windows = [w for w in app.topLevelWidgets() if w.isVisible()]
        described = [{"class": type(w).__name__, "title": w.windowTitle()} for w in windows]
        main = [w for w in windows if type(w).__name__ == "MainWindow"]
        boxes = [w for w in windows if type(w).__name__ in ("QMessageBox", "QDialog") or w.isModal()]
        texts = [str(getattr(w, "text", lambda: "")()) for w in boxes]
        if state.get("quitting"):
            if boxes:  # quitting asked a question (work still running?): say so and leave anyway
                print(f"startup probe: quitting was answered by a dialog: {texts}", file=sys.stderr)
                timer.stop()
                app.exit(5)
            return
        if main and not state["written"]:
            write({"ok": True, "shown": elapsed, "windows": described})
            QTimer.singleShot(int(hold * 1000), lambda: quit_now(app))
        elif boxes and not main and not state["written"] and elapsed > 1.0:
            write({"ok": False, "shown": None, "windows": described, "texts": texts})
            timer.stop()
            app.exit(3)
        elif elapsed > timeout and not state["written"]:
            write({"ok": False, "shown": None, "windows": described, "texts": ["no main window in time"]})
            timer.stop()
            app.exit(4)

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
