"""The export log: entries, the people they include, and the files the importer and exporter log."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from db.core.changelog import Operation
from db.core.database import Database
from db.members.io import ImportOptions, export_members, import_members
from db.privacy.export_log import ExportKind, exports_including, list_exports, record_export, record_file_export
from db.privacy.models import ExportLogEntry

HEADER = "Jäsennumero;Etunimi;Sukunimi;Sähköposti;Osasto\n"


def _id(make_member: Callable[..., object], *args: object, **kwargs: object) -> uuid.UUID:
    created = make_member(*args, **kwargs)
    assert isinstance(created, uuid.UUID)
    return created


def _entries(database: Database) -> int:
    with database.reading() as session:
        return int(session.execute(select(func.count()).select_from(ExportLogEntry)).scalar_one())


def test_an_entry_counts_each_person_once_and_is_found_by_person(
    database: Database, make_member: Callable[..., object]
) -> None:
    anna, bo = _id(make_member, "Anna", "Aalto"), _id(make_member, "Bo", "Berg")
    with database.transaction("Print") as session:
        first = record_export(session, ExportKind.MEMBER_LIST, "Vaasa", [anna, bo, anna], recipient="Board")
        second = record_export(session, ExportKind.CALL_SHEET, "Calling", [bo])
    with database.reading() as session:
        listed = list_exports(session)
        assert [entry.id for entry in listed] == [second, first]  # newest first
        assert listed[1].people == 2 and listed[1].recipient == "Board"
        assert [entry.id for entry in exports_including(session, anna)] == [first]
        assert [entry.id for entry in exports_including(session, bo)] == [second, first]
        assert [entry.id for entry in list_exports(session, kind=ExportKind.CALL_SHEET)] == [second]
        # Not synced and not undoable: logging an export made no operation for Edit ▸ Undo.
        assert not session.execute(select(Operation.id).where(Operation.label == "Print")).first()


def test_a_count_can_be_given_for_people_without_ids(database: Database) -> None:
    with database.transaction("Import") as session:
        record_export(session, ExportKind.REJECTS_FILE, "refused", (), people_count=3, file_name="/tmp/r.csv")
    with database.reading() as session:
        (entry,) = list_exports(session)
    assert (entry.kind, entry.people, entry.file_name) == (ExportKind.REJECTS_FILE, 3, "/tmp/r.csv")


def test_an_exported_file_is_logged_with_the_people_written(
    database: Database, make_member: Callable[..., object], tmp_path: Path
) -> None:
    anna = _id(make_member, "Anna", "Aalto")
    bo = _id(make_member, "Bo", "Berg", branch="Mustasaaren osasto")
    target = tmp_path / "vaasa.csv"
    written: list[uuid.UUID] = []
    with database.reading() as session:
        count = export_members(session, target, branch="Vaasan osasto", written_ids=written)
    record_file_export(database, target, ExportKind.MEMBERS_FILE, "Vaasan osasto", written)
    assert count == 1 and written == [anna]
    with database.reading() as session:
        (entry,) = list_exports(session)
        assert (entry.people, entry.file_name) == (1, str(target))
        assert exports_including(session, anna) == [entry]
        assert exports_including(session, bo) == []


def test_a_file_that_cannot_be_logged_is_removed(
    database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "members.csv"
    target.write_text("personal data")

    def fail(*_args: object, **_kwargs: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr("db.privacy.export_log.record_export", fail)
    with pytest.raises(OSError):
        record_file_export(database, target, ExportKind.MEMBERS_FILE, "All", [])
    assert not target.exists()
    assert _entries(database) == 0


def _source(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "members.csv"
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_the_rejects_file_of_an_import_is_logged(database: Database, make_branch: Callable[..., object], tmp_path):  # type: ignore[no-untyped-def]
    make_branch("Osasto")
    source = _source(
        tmp_path,
        "1001;Anna;Virtanen;anna@example.fi;Osasto",
        "1002;Matti;Aho;not-an-address;Osasto",
        "1003;Liisa;Laine;also wrong;Osasto",
    )
    rejects = tmp_path / "refused.csv"
    report = import_members(database, source, ImportOptions(skip_invalid=True, rejects_path=rejects))
    assert report.rejected == 2 and rejects.exists()
    with database.reading() as session:
        (entry,) = list_exports(session)
    assert entry.kind == ExportKind.REJECTS_FILE
    assert entry.people == 2 and entry.file_name == str(rejects)
    assert "members.csv" in entry.description


def test_an_import_without_refused_rows_or_refused_as_a_whole_logs_nothing(
    database: Database, make_branch: Callable[..., object], tmp_path: Path
) -> None:
    make_branch("Osasto")
    good = _source(tmp_path, "1001;Anna;Virtanen;anna@example.fi;Osasto")
    import_members(database, good, ImportOptions(skip_invalid=True, rejects_path=tmp_path / "r.csv"))
    bad = _source(tmp_path, "1002;Matti;Aho;not-an-address;Osasto")
    with pytest.raises(Exception, match="Nothing was imported"):
        import_members(database, bad, ImportOptions(rejects_path=tmp_path / "r.csv"))
    assert _entries(database) == 0
    assert not (tmp_path / "r.csv").exists()


def test_an_import_whose_rejects_cannot_be_logged_imports_nothing_and_leaves_no_file(
    database: Database, make_branch: Callable[..., object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from db.members.search import find_members

    make_branch("Osasto")
    source = _source(tmp_path, "1001;Anna;Virtanen;anna@example.fi;Osasto", "1002;Matti;Aho;bad;Osasto")
    rejects = tmp_path / "r.csv"

    def fail(*_args: object, **_kwargs: object) -> int:
        raise OSError("disk full")

    monkeypatch.setattr("db.members.io.importer.record_export", fail)
    with pytest.raises(OSError):
        import_members(database, source, ImportOptions(skip_invalid=True, rejects_path=rejects))
    assert not rejects.exists()
    assert _entries(database) == 0
    with database.reading() as session:
        assert find_members(session, "Virtanen", date.today()) == []


def test_what_the_program_words_is_shown_in_the_readers_language_and_typed_text_as_typed(
    database: Database, make_member: Callable[..., object]
) -> None:
    from db.core.i18n import N_, Label, label_text, translator

    anna = _id(make_member, "Anna", "Aalto")
    with database.transaction(Label(N_("Access request"))) as session:
        record_export(
            session,
            ExportKind.ACCESS_REQUEST,
            Label(N_("Access request of member {reference}"), reference="1001"),
            [anna],
            recipient=Label(N_("the person themselves")),
        )
        record_export(session, ExportKind.MEMBER_LIST, "Hallituksen kokous", [anna], recipient="Piirihallitus")
    with database.reading() as session:
        worded, typed = sorted(list_exports(session), key=lambda entry: entry.id)
    for language in ("fi", "sv", "en"):
        catalog = translator(language)
        wanted = catalog.gettext("Access request of member {reference}").format(reference="1001")
        assert label_text(worded.description, language) == wanted
        assert label_text(worded.recipient or "", language) == catalog.gettext("the person themselves")
        assert (label_text(typed.description, language), label_text(typed.recipient or "", language)) == (
            "Hallituksen kokous",
            "Piirihallitus",
        )
    assert label_text(worded.description, "fi") != label_text(worded.description, "en")
