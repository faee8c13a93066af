"""The access request: every section of what is held about one person, as JSON, logged when answered."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

import pytest

from db.core.database import Database
from db.core.errors import KansliError
from db.members.operations import MemberNotFoundError
from db.privacy.access import access_json, access_request, record_access_request
from db.privacy.events import PrivacyEventKind, list_events
from db.privacy.export_log import ExportKind, list_exports, record_export
from db.privacy.person_rows import member_references
from reports.privacy_access import write_access_request
from tests.db.privacy_helpers import CANARY, add_rich_person

TODAY = date(2026, 11, 26)
SECTIONS = {
    "person",
    "merged_records",
    "contacts",
    "memberships",
    "consents",
    "interests",
    "positions",
    "household",
    "godparent",
    "other_records",
    "change_log",
    "exports",
}


def test_every_section_is_there_with_the_persons_data(database: Database) -> None:
    rich = add_rich_person(database)
    with database.transaction("Print") as session:
        record_export(session, ExportKind.MEMBER_LIST, "Vaasan osasto", [rich.member_id, rich.housemate_id])
    with database.reading() as session:
        content = access_json(access_request(session, rich.member_id, TODAY))
    assert content.keys() >= SECTIONS
    assert content["request_date"] == "2026-11-26" and content["district"] == "Testipiiri"
    assert (content["person"]["first_name"], content["person"]["last_name"]) == (CANARY, "Vortigaunt")
    assert content["person"]["member_number"] == "900001"
    assert [record["id"] for record in content["merged_records"]] == [str(rich.duplicate_id)]
    # Contacts removed from the card are still held, so they are reported (marked deleted).
    values = {(row["value"], row["deleted_at"] is not None) for row in content["contacts"]}
    assert ("+358409876543", False) in values
    assert (f"{CANARY.lower()}.old@example.fi", True) in values
    assert (f"{CANARY.lower()}@dup.example.fi", False) in values  # moved over from the merged record
    assert [row["names"]["branch"] for row in content["memberships"]] == ["Vaasan osasto"]
    assert [row["given"] for row in content["consents"]] == [True, False]  # the history, in date order
    assert content["interests"][0]["names"] == {
        "interest_fi": "Vaalityö",
        "interest_sv": "Valarbete",
        "interest_en": "Election work",
    }
    (position,) = content["positions"]
    assert (position["role"], position["starts_on"], position["names"]["body"]) == (
        "treasurer",
        "2019-01-01",
        "Piirihallitus",
    )
    assert content["household"]["other_people"] == 1
    assert content["household"]["household"]["label"] == f"The {CANARY} family"
    assert content["godparent"] == {"godparent": "Matti Aho", "godparent_of": 1}
    assert content["other_records"] == {}
    assert [export["description"] for export in content["exports"]] == ["Vaasan osasto"]


def test_the_change_log_covers_every_row_of_the_person(database: Database) -> None:
    rich = add_rich_person(database)
    with database.reading() as session:
        report = access_request(session, rich.member_id, TODAY)
    content = access_json(report)
    entities = {change["entity"] for change in content["change_log"]}
    assert {"member", "contact_point", "membership", "consent", "member_interest", "position", "household"} <= entities
    # The old name is in the history the person is entitled to see, with values parsed from the log's JSON.
    renamed = [change for change in content["change_log"] if change["field"] == "last_name"]
    assert [(change["old"], change["new"]) for change in renamed] == [("Oldname", "Vortigaunt")]
    assert report.history["en"] and report.history["fi"]
    assert any("Oldname" in entry.summary for entry in report.history["en"])
    seqs = [change["seq"] for change in content["change_log"]]
    assert seqs == sorted(seqs)


def test_every_table_pointing_at_a_member_is_searched() -> None:
    found = {(reference.table, reference.key) for reference in member_references()}
    # member_search is derived and not synced; a new table with a member_id shows up here without changes.
    assert found >= {
        ("contact_point", "member_id"),
        ("membership", "member_id"),
        ("consent", "member_id"),
        ("member_interest", "member_id"),
        ("position", "member_id"),
    }
    assert all(table != "member_search" for table, _key in found)


def test_an_unknown_member_is_refused(database: Database) -> None:
    with database.reading() as session, pytest.raises(MemberNotFoundError):
        access_request(session, uuid.uuid4(), TODAY)


def test_writing_gives_the_json_and_the_pdf_and_logging_records_both(database: Database, tmp_path: Path) -> None:
    rich = add_rich_person(database)
    with database.transaction("Answer access request") as session:
        report = access_request(session, rich.member_id, TODAY)
        json_path, pdf_path = write_access_request(report, tmp_path / "out", "sv")
        record_access_request(session, report, [str(json_path), str(pdf_path)])
    assert json_path.name == "access-request-900001-2026-11-26.json"
    assert json.loads(json_path.read_text(encoding="utf-8")) == json.loads(json.dumps(access_json(report)))
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == [json_path.name, pdf_path.name]
    with database.reading() as session:
        (export,) = list_exports(session, kind=ExportKind.ACCESS_REQUEST)
        (event,) = list_events(session, kind=PrivacyEventKind.ACCESS_REQUEST)
        again = access_request(session, rich.member_id, TODAY)
    assert export.people == 1 and str(json_path) in (export.file_name or "")
    assert event.people == 1 and CANARY not in event.description
    assert [record.kind for record in again.exports] == [ExportKind.ACCESS_REQUEST]


def test_a_failed_write_leaves_no_file(database: Database, tmp_path: Path) -> None:
    rich = add_rich_person(database)
    with database.reading() as session:
        report = access_request(session, rich.member_id, TODAY)
    # A folder where the PDF should go: the JSON is written first, then the PDF cannot be; neither may remain.
    folder = tmp_path / "answers"
    (folder / "access-request-900001-2026-11-26.pdf").mkdir(parents=True)
    with pytest.raises(KansliError):
        write_access_request(report, folder, "fi")
    assert sorted(path.name for path in folder.iterdir()) == ["access-request-900001-2026-11-26.pdf"]
