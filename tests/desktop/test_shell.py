"""The shell: first run, opening with the recovery key, ways out of errors, the main window, the crash hook."""

from __future__ import annotations

import logging
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from sqlalchemy import text

from db.core import i18n
from db.core.database import Database, create_database, open_database
from db.core.district import Country, DistrictSettings, Language
from db.core.keys import DataKey, KeyringStore, database_key_id
from desktop.app import Launcher
from desktop.shell import opening
from desktop.shell.crash import CrashReporter
from desktop.shell.key_dialogs import RecoveryKeyDialog, RecoveryKeyPrompt
from desktop.shell.main_window import MainWindow
from desktop.shell.tabs import registered_tabs
from desktop.shell.ui_state import UiState
from desktop.shell.welcome import CreateDistrictDialog, WelcomeChoice


@pytest.fixture
def launcher(qapp: QApplication, ui_state: UiState):  # type: ignore[no-untyped-def]
    created = Launcher(qapp, "test", KeyringStore(), ui_state)
    yield created
    if created.window is not None:
        created.window.context.tasks.wait()
        created.window.close()
        created.window.context.database.close()
    if created.welcome is not None:
        created.welcome.close()


def test_first_run_creates_the_district_shows_the_key_and_opens_the_window(
    launcher: Launcher, tmp_path: Path, memory_keyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "piiri.db"
    launcher.start(None)
    assert launcher.welcome is not None and launcher.window is None

    def fill_in(dialog: CreateDistrictDialog) -> int:
        dialog.name_edit.setText("Pohjanmaan piiri")
        dialog.code_edit.setText("POH")
        dialog.country_box.setCurrentIndex(dialog.country_box.findData(Country.FI))
        dialog.language_box.setCurrentIndex(dialog.language_box.findData(Language.SV))
        dialog.path_edit.setText(str(path))
        dialog._check_and_accept()
        return int(dialog.result())

    shown_keys: list[str] = []

    def confirm_saved(dialog: RecoveryKeyDialog) -> int:
        # The user cannot go on before confirming the key is saved.
        assert not dialog.continue_button.isEnabled()
        shown_keys.append(dialog.key_label.text())
        pdf = dialog.emergency_sheet_pdf()
        assert pdf.startswith(b"%PDF")
        dialog.confirm_box.setChecked(True)
        assert dialog.continue_button.isEnabled()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CreateDistrictDialog, "exec", fill_in)
    monkeypatch.setattr(RecoveryKeyDialog, "exec", confirm_saved)
    launcher.welcome.chosen.emit(WelcomeChoice.CREATE)
    assert launcher.window is not None
    assert "Pohjanmaan piiri" in launcher.window.windowTitle()
    key = DataKey.from_recovery_text(shown_keys[0])
    assert memory_keyring.secrets[("Kansli", database_key_id(path))] == key.raw.hex()
    assert launcher.welcome is None
    assert launcher.ui_state.last_database() == path.resolve()


def test_create_refuses_an_empty_name_and_an_existing_file(tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = CreateDistrictDialog()
    qtbot.addWidget(dialog)
    dialog.path_edit.setText(str(tmp_path / "new.db"))
    dialog._check_and_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not dialog.error_label.isHidden()
    (tmp_path / "taken.db").write_bytes(b"x")
    dialog.name_edit.setText("Piiri")
    dialog.path_edit.setText(str(tmp_path / "taken.db"))
    dialog._check_and_accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "already exists" in dialog.error_label.text()


def test_wrong_recovery_key_says_so_and_the_right_one_opens(
    launcher: Launcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "piiri.db"
    key = DataKey.generate()
    create_database(path, key, DistrictSettings("Keyless district")).close()
    attempts: list[str] = []

    def type_keys(prompt: RecoveryKeyPrompt) -> int:
        prompt.key_edit.setText("ABCDE")  # a typo: caught as not a key at all
        prompt._attempt()
        attempts.append(prompt.error_label.text())
        prompt.key_edit.setText(DataKey.generate().recovery_text())  # a real key, but another database's
        prompt._attempt()
        attempts.append(prompt.error_label.text())
        assert prompt.key_edit.text()  # what was typed is kept for correcting
        prompt.key_edit.setText(key.recovery_text().lower())
        prompt._attempt()
        return int(prompt.result())

    monkeypatch.setattr(RecoveryKeyPrompt, "exec", type_keys)
    launcher.open_path(path)
    assert "not a valid recovery key" in attempts[0]
    assert "does not open the database" in attempts[1]
    assert launcher.window is not None
    assert "Keyless district" in launcher.window.windowTitle()


def _answer_way_out(monkeypatch: pytest.MonkeyPatch, pick: str) -> list[str]:
    """Answer the "could not be opened" box by clicking the button whose text contains ``pick``."""
    texts: list[str] = []

    def exec_box(box: QMessageBox) -> int:
        texts.append(box.text())
        texts.extend(button.text() for button in box.buttons())
        for button in box.buttons():
            if pick in button.text():
                button.click()
                break
        return 0

    monkeypatch.setattr(opening.QMessageBox, "exec", exec_box)
    return texts


def test_database_in_use_is_explained_and_nothing_opens(
    launcher: Launcher, database: Database, database_key: DataKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KANSLI_KEY", database_key.recovery_text())
    texts = _answer_way_out(monkeypatch, "Close")
    launcher.open_path(database.path)
    assert launcher.window is None
    assert any("in use by another Kansli" in line for line in texts)
    assert "Open another file…" in texts
    assert launcher.welcome is not None  # the user is not left without a window


def test_newer_schema_offers_restore(
    launcher: Launcher, database_path: Path, database_key: DataKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened = open_database(database_path, database_key)
    with opened.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    opened.close()
    monkeypatch.setenv("KANSLI_KEY", database_key.recovery_text())
    texts = _answer_way_out(monkeypatch, "Close")
    launcher.open_path(database_path)
    assert launcher.window is None
    assert any("newer version of Kansli" in line for line in texts)
    assert "Restore a backup…" in texts


def test_main_window_switches_language_without_restart(
    launcher: Launcher, database_path: Path, database_key: DataKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KANSLI_KEY", database_key.recovery_text())
    launcher.open_path(database_path)
    window = launcher.window
    assert isinstance(window, MainWindow)
    assert window.file_menu.title() == "&File"
    tab_texts = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tab_texts == [
        "Overview",
        "Members",
        "Branches",
        "Calling lists",
        "Board meetings",
        "Media",
        "Newsletter issues",
        "Privacy",
    ]
    launcher.switch_language("sv")
    assert window.file_menu.title() == i18n.translator("sv").gettext("&File") != "&File"
    assert window.tabs.tabText(1) == i18n.translator("sv").gettext("Members")
    assert window.language_actions["sv"].isChecked()
    assert launcher.ui_state.language() == "sv"
    launcher.switch_language("en")
    assert window.file_menu.title() == "&File"


def test_window_remembers_its_last_tab(
    launcher: Launcher, database_path: Path, database_key: DataKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KANSLI_KEY", database_key.recovery_text())
    launcher.open_path(database_path)
    assert launcher.window is not None
    launcher.window.show_tab("branches")
    assert launcher.ui_state.last_tab() == "branches"
    keys = [spec.key for spec in registered_tabs()]
    assert keys == ["overview", "members", "branches", "calling", "meetings", "media", "newsletters", "privacy"]


def test_crash_reporter_logs_without_the_message_and_shows_one_dialog(
    qapp: QApplication, qtbot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(str(args[2])))
    reporter = CrashReporter(qapp, "/tmp/kansli.log")
    caplog.set_level(logging.ERROR, logger="kansli.crash")

    def fail() -> None:
        raise ValueError("Matti Virtanen, +358401234567")  # personal data in the message

    worker = threading.Thread(target=fail)
    try:
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: bool(shown))
    finally:
        reporter.uninstall()
    logged = caplog.text
    assert "ValueError" in logged and "test_shell.py" in logged
    assert "Virtanen" not in logged and "358401234567" not in logged
    assert "/tmp/kansli.log" in shown[0]
    assert reporter.reported == 1


@pytest.mark.parametrize("language", ["en", "fi", "sv"])
def test_window_fits_a_laptop_screen_in_every_language(
    launcher: Launcher, database_path: Path, database_key: DataKey, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    # A 1366 x 768 screen is the smallest a district office's laptop has; every tab must fit it side by side.
    monkeypatch.setenv("KANSLI_KEY", database_key.recovery_text())
    launcher.open_path(database_path)
    launcher.switch_language(language)
    window = launcher.window
    assert isinstance(window, MainWindow)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        assert window.tabs.widget(index).minimumSizeHint().width() <= 1366 - 40, window.tabs.tabText(index)
    assert window.minimumSizeHint().width() <= 1366
    assert window.minimumSizeHint().height() <= 768 - 60


def test_the_start_up_heap_is_put_out_of_the_collectors_sight_once_the_window_shows(
    launcher: Launcher, qtbot, database_path: Path, database_key: DataKey, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    import gc

    from desktop import app as app_module

    freezes: list[int] = []

    def freeze() -> None:
        # Everything the collector tracks, frozen earlier in this process or not.
        freezes.append(len(gc.get_objects()) + gc.get_freeze_count())

    monkeypatch.setattr(app_module, "_heap_frozen", False)
    monkeypatch.setattr(app_module.gc, "freeze", freeze)
    monkeypatch.setenv("KANSLI_KEY", database_key.recovery_text())
    launcher.open_path(database_path)
    assert launcher.window is not None
    qtbot.waitUntil(lambda: bool(freezes), timeout=15_000)
    assert freezes[0] > 10_000  # the whole start-up heap: modules, Qt wrappers, the schema
    app_module.freeze_startup_heap()  # only once: what is made later stays collectable
    assert len(freezes) == 1


def test_opening_the_window_loads_neither_reportlab_nor_alembic(
    database_path: Path, database_key: DataKey, tmp_path: Path
) -> None:
    # Both take a tenth to half a second to import: they load when first printing or upgrading a file.
    import os
    import subprocess
    import sys

    program = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from desktop.app import Launcher\n"
        "launcher = Launcher(app, 'test')\n"
        f"launcher.start(Path({str(database_path)!r}))\n"
        "window = launcher.window\n"
        "for index in range(window.tabs.count()):\n"
        "    window.tabs.setCurrentIndex(index)\n"
        "    app.processEvents()\n"
        "print(sorted(name for name in ('reportlab', 'alembic', 'openpyxl') if name in sys.modules))\n"
        "window.close()\n"
    )
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KANSLI_KEY": database_key.recovery_text(),
        # The program's own settings and logs go to this test's folder, not the user's.
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
    }
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True, env=environment, timeout=120
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_double_clicked_sync_package_opens_the_sync_window_on_it(
    launcher: Launcher,
    database_path: Path,
    database_key: DataKey,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    from desktop.cli.main import package_argument
    from desktop.sync.window import SyncWindow

    package = tmp_path / "U-3.kansli-sync"
    assert package_argument(["--db", "x.db", str(package)]) == (package, ["--db", "x.db"])
    assert package_argument([str(package)]) == (package, [])
    assert package_argument(["sync", "import", str(package)]) == (None, ["sync", "import", str(package)])
    assert package_argument(["members", "find", "x"]) == (None, ["members", "find", "x"])
    read: list[Path | None] = []
    monkeypatch.setattr(SyncWindow, "read_package", lambda window, path=None, **kwargs: read.append(path))
    monkeypatch.setenv("KANSLI_KEY", database_key.recovery_text())
    launcher.open_path(database_path)
    launcher.read_package_when_open(package)
    qtbot.waitUntil(lambda: read == [package])
    assert launcher.window is not None and launcher.window.findChild(SyncWindow) is not None
