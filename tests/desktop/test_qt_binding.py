"""The Qt binding itself: PySide6 6.12.0 aborted the interpreter at exit after a few hundred signal emissions.

Each emission to a Python callable released one reference to None too many; when enough had piled up, the
interpreter crashed while shutting down ("Fatal Python error: none_dealloc"), so every longer session of Kansli
ended in a crash. This runs the pattern in a fresh interpreter and checks that it exits cleanly.
"""

from __future__ import annotations

import subprocess
import sys

PROGRAM = """
import os, threading
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication
app = QApplication([])

class Source(QObject):
    plain = Signal()
    value = Signal(object)
    numbers = Signal(int, int, str)

source = Source()
seen = []
source.plain.connect(lambda: seen.append(1))
source.value.connect(lambda value: seen.append(value))
source.numbers.connect(lambda a, b, c: seen.append(a))
for n in range(3000):
    source.plain.emit()
    source.value.emit(None)
    source.numbers.emit(n, 3000, "")
worker = threading.Thread(target=lambda: [source.numbers.emit(n, 1, "") for n in range(500)])
worker.start()
worker.join()
for _ in range(5):
    app.processEvents()
print("done", len(seen) >= 9000)
"""


def test_many_signal_emissions_do_not_crash_the_interpreter_at_exit() -> None:
    result = subprocess.run([sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=120, check=False)
    assert "Fatal Python error" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "done True"
