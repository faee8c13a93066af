"""Retention rules: who is due by rule and date, the archive consent, a dry run that writes nothing, a logged purge."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from db.branches.models import BodyKind, PositionRole
from db.branches.operations import BodyData, PositionData, add_position, create_body, positions
from db.core.database import Database
from db.core.errors import ValidationError
from db.members.models import ConsentMethod, ConsentPurpose, EndReason, Member, MembershipKind
from db.members.operations import add_membership, create_member, record_consent
from db.members.records import MembershipData, PersonData
from db.members.search import find_members
from db.privacy.events import PrivacyEventKind, list_events
from db.privacy.retention import (
    PurgeAction,
    RetentionRules,
    add_months,
    purge,
    purge_candidates,
    read_rules,
    write_rules,
)
from tests.db.branch_helpers import new_branch
from tests.db.privacy_helpers import table_counts

RULES = RetentionRules()


def _person(
    database: Database,
    branch_id: uuid.UUID,
    name: str,
    number: str,
    ended_on: date | None = None,
    reason: EndReason | None = None,
) -> uuid.UUID:
    with database.transaction("Add member") as session:
        return create_member(
            session,
            PersonData(name, "Testinen", member_number=number),
            [],
            MembershipData(branch_id, joined_on=date(2015, 1, 1), ended_on=ended_on, end_reason=reason),
        )


@pytest.fixture
def register(database: Database) -> dict[str, uuid.UUID]:
    """Former members of every kind, one still a member, and one who moved on to another branch."""
    branch = new_branch(database, "Vaasan osasto")
    people = {
        "resigned": _person(database, branch, "Rauha", "101", date(2026, 1, 10), EndReason.RESIGNED),
        "expelled": _person(database, branch, "Eero", "102", date(2026, 1, 10), EndReason.EXPELLED),
        "lapsed": _person(database, branch, "Lauri", "103", date(2026, 1, 10), EndReason.LAPSED),
        "deceased": _person(database, branch, "Kaarina", "104", date(2026, 1, 10), EndReason.DECEASED),
        "active": _person(database, branch, "Aino", "105"),
        "moved_branch": _person(database, branch, "Ville", "106", date(2026, 1, 10), EndReason.MOVED),
    }
    other = new_branch(database, "Oulun osasto")
    with database.transaction("Move") as session:
        add_membership(session, people["moved_branch"], MembershipData(other, MembershipKind.MEMBER, date(2026, 1, 11)))
    return people


def _due(database: Database, today: date, rules: RetentionRules = RULES) -> dict[str, str]:
    with database.reading() as session:
        return {
            c.member_number or "": c.reason.value if c.reason else "" for c in purge_candidates(session, rules, today)
        }


def test_the_defaults_and_saving_rules(database: Database) -> None:
    with database.reading() as session:
        assert read_rules(session) == RetentionRules(3, 6, 12, 3)
    with database.transaction("Rules") as session:
        write_rules(session, RetentionRules(resigned_months=1, lapsed_months=24))
        with pytest.raises(ValidationError):
            write_rules(session, RetentionRules(deceased_months=-1))
    with database.reading() as session:
        assert read_rules(session) == RetentionRules(1, 24, 12, 3)
        (event,) = list_events(session, kind=PrivacyEventKind.RETENTION_RULES)
    assert "24" in event.description


def test_months_are_added_as_calendar_months() -> None:
    assert add_months(date(2026, 1, 10), 3) == date(2026, 4, 10)
    assert add_months(date(2025, 8, 31), 6) == date(2026, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_candidates_by_rule_and_date(database: Database, register: dict[str, uuid.UUID]) -> None:
    assert _due(database, date(2026, 4, 9)) == {}
    assert _due(database, date(2026, 4, 10)) == {"101": "resigned", "102": "expelled"}
    assert _due(database, date(2026, 7, 10)) == {"101": "resigned", "102": "expelled", "103": "lapsed"}
    assert _due(database, date(2027, 1, 10)) == {
        "101": "resigned",
        "102": "expelled",
        "103": "lapsed",
        "104": "deceased",
    }
    # Shorter rules bring people forward; the active member and the one who moved branch are never due.
    assert _due(database, date(2026, 2, 10), RetentionRules(1, 1, 1, 1)) == {
        "101": "resigned",
        "102": "expelled",
        "103": "lapsed",
        "104": "deceased",
    }


def test_consent_to_the_archive_protects_until_revoked(database: Database, register: dict[str, uuid.UUID]) -> None:
    with database.transaction("Consent") as session:
        record_consent(
            session, register["resigned"], ConsentPurpose.ARCHIVE, True, date(2025, 1, 1), ConsentMethod.PAPER_FORM
        )
        record_consent(
            session, register["expelled"], ConsentPurpose.ARCHIVE, True, date(2024, 1, 1), ConsentMethod.EMAIL
        )
        record_consent(
            session, register["expelled"], ConsentPurpose.ARCHIVE, False, date(2025, 1, 1), ConsentMethod.EMAIL
        )
    assert _due(database, date(2026, 5, 1)) == {"102": "expelled"}
    with database.reading() as session:
        report = purge(session, RULES, date(2026, 5, 1), dry_run=True)
    assert report.kept_by_consent == 1


def test_a_dry_run_writes_nothing(database: Database, register: dict[str, uuid.UUID]) -> None:
    before = table_counts(database)
    with database.transaction("Retention purge") as session:
        report = purge(session, RULES, date(2027, 6, 1), dry_run=True)
    assert report.dry_run and len(report.candidates) == 4 and report.erased == 0
    assert table_counts(database) == before
    with database.reading() as session:
        assert [member.first_name for member in find_members(session, "Rauha", date(2027, 6, 1))] == ["Rauha"]


def test_a_purge_erases_keeps_officers_names_and_logs_the_counts(
    database: Database, register: dict[str, uuid.UUID]
) -> None:
    with database.transaction("Officer") as session:
        body = create_body(session, BodyData("Piirihallitus", BodyKind.DISTRICT_BOARD))
        add_position(
            session, PositionData(register["lapsed"], body, PositionRole.CHAIR, date(2016, 1, 1), date(2019, 12, 31))
        )
    with database.transaction("Retention purge") as session:
        report = purge(session, RULES, date(2026, 8, 1), dry_run=False, now=datetime(2026, 8, 1, 9, tzinfo=UTC))
    assert (report.erased, report.kept_name) == (2, 1)
    actions = {c.member_number: c.action for c in report.candidates}
    assert actions == {"101": PurgeAction.ERASE, "102": PurgeAction.ERASE, "103": PurgeAction.KEEP_NAME_AND_POSITIONS}
    with database.reading() as session:
        resigned = session.get(Member, register["resigned"])
        officer = session.get(Member, register["lapsed"])
        deceased = session.get(Member, register["deceased"])
        assert resigned is not None and resigned.erased_at is not None and resigned.first_name != "Rauha"
        assert officer is not None and officer.first_name == "Lauri" and officer.deleted_at is None
        assert [record.role for record in positions(session, body_id=body)] == [PositionRole.CHAIR]
        assert deceased is not None and deceased.erased_at is None  # not due until January
        (event,) = list_events(session, kind=PrivacyEventKind.PURGE)
        # Nobody is due twice: the erased are no longer candidates, and the officer's record is done with.
        assert purge_candidates(session, RULES, date(2026, 8, 1)) == []
    assert event.people == 3
    assert "2" in event.description and "Rauha" not in event.description and "Lauri" not in event.description


def test_a_purge_with_nobody_due_is_still_logged(database: Database, register: dict[str, uuid.UUID]) -> None:
    with database.transaction("Retention purge") as session:
        report = purge(session, RULES, date(2026, 2, 1), dry_run=False)
    assert report.candidates == [] and report.event_id is not None
    with database.reading() as session:
        (event,) = list_events(session, kind=PrivacyEventKind.PURGE)
    assert event.people == 0
