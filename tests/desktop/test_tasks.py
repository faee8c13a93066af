"""The task runner: results, errors and cancellation arrive on the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread

from db.core.errors import KansliError
from desktop.shell.tasks import TaskProgress, TaskRunner


def test_result_and_progress_arrive_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    seen: list[tuple[str, object]] = []
    gui_thread = QThread.currentThread()

    def work(progress: TaskProgress) -> str:
        assert threading.current_thread() is not threading.main_thread()
        for step in range(3):
            progress.report(step + 1, 3, "step")
        return "done"

    def on_success(value: object) -> None:
        assert QThread.currentThread() is gui_thread
        seen.append(("result", value))

    handle = runner.run("work", work, on_success=on_success, on_progress=lambda d, t, _m: seen.append(("p", d)))
    # Not waitSignal: a fast task may finish before a slot connected now could hear it.
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    # Progress is polled, so quick steps may be folded together; the last one always arrives, before the result.
    assert seen[-1] == ("result", "done")
    assert seen[-2] == ("p", 3)
    assert all(kind == "p" for kind, _value in seen[:-1])
    assert not runner.busy and not runner.writing


def test_errors_are_delivered_not_raised(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    failures: list[BaseException] = []

    def work(_progress: TaskProgress) -> None:
        raise KansliError("The file could not be read.")

    handle = runner.run("work", work, on_failure=failures.append)
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
    assert [str(error) for error in failures] == ["The file could not be read."]


def test_cancel_stops_the_task(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    started = threading.Event()
    results: list[object] = []

    def work(progress: TaskProgress) -> str:
        started.set()
        while True:
            progress.check()

    handle = runner.run("work", work, on_success=results.append)
    assert started.wait(5)
    assert runner.writing
    with qtbot.waitSignal(handle.signals.cancelled, timeout=5000):
        handle.cancel()
    assert results == []
    qtbot.waitUntil(lambda: not runner.writing)


@pytest.mark.parametrize("writes", [True, False])
def test_writing_tells_writes_from_reads(qtbot, writes: bool) -> None:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    release = threading.Event()
    handle = runner.run("work", lambda _p: release.wait(5), writes=writes)
    assert runner.busy
    assert runner.writing is writes
    release.set()
    qtbot.waitUntil(lambda: handle.done, timeout=5000)
