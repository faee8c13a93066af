"""The volunteer-interest vocabulary: defaults, adding, renaming, deactivating; never deleting."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func, select

from db.core.base import utcnow
from db.core.changelog import ChangeRecord
from db.core.database import Database
from db.core.errors import ValidationError
from db.core.i18n import language
from db.members.interests import (
    DEFAULT_INTERESTS,
    InterestNotFoundError,
    add_interest,
    code_from_name,
    interest_ids_by_code,
    list_interests,
    seed_default_interests,
    set_interest_active,
    update_interest,
)
from db.members.models import Interest


def seeded(database: Database) -> dict[str, uuid.UUID]:
    with database.transaction("Seed interests") as session:
        seed_default_interests(session)
        return interest_ids_by_code(session)


def test_defaults_are_complete_and_distinct() -> None:
    codes = [interest.code for interest in DEFAULT_INTERESTS]
    assert 14 <= len(codes) <= 20
    assert len(set(codes)) == len(codes)
    for field in ("name_fi", "name_sv", "name_en"):
        names = [getattr(interest, field) for interest in DEFAULT_INTERESTS]
        assert all(name.strip() == name and name for name in names)
        assert len(set(names)) == len(names), field
    # The themes the seeds ask for are there.
    assert {"member_calling", "godparent", "member_paper", "election_work", "unions", "translation"} <= set(codes)


def test_seeding_is_idempotent_and_logged(database: Database) -> None:
    with database.transaction("Seed") as session:
        assert seed_default_interests(session) == len(DEFAULT_INTERESTS)
    with database.transaction("Seed again") as session:
        assert seed_default_interests(session) == 0
    with database.reading() as session:
        assert session.execute(select(func.count()).select_from(Interest)).scalar_one() == len(DEFAULT_INTERESTS)
        logged = session.execute(
            select(func.count()).select_from(ChangeRecord).where(ChangeRecord.entity == "interest")
        ).scalar_one()
        assert logged == len(DEFAULT_INTERESTS)


def test_seeding_keeps_the_districts_choices_and_restores_deleted_rows(database: Database) -> None:
    ids = seeded(database)
    with database.transaction("Change") as session:
        set_interest_active(session, ids["photography"], False)
        update_interest(session, ids["events"], "Tapahtumat", "Evenemang", "Events")
        # What undoing the seeding leaves behind: a tombstone, never a missing row.
        session.get(Interest, ids["it"]).deleted_at = utcnow()  # type: ignore[union-attr]
    with database.transaction("Seed again") as session:
        assert seed_default_interests(session) == 1
    with database.reading() as session:
        records = {record.code: record for record in list_interests(session, include_inactive=True)}
    assert not records["photography"].active
    assert records["events"].name_en == "Events"
    assert "it" in records


def test_list_is_sorted_in_the_language_and_hides_inactive(database: Database) -> None:
    ids = seeded(database)
    with database.transaction("Deactivate") as session:
        set_interest_active(session, ids["fundraising"], False)
    with database.reading() as session:
        finnish = list_interests(session, language="fi")
        swedish = list_interests(session, language="sv")
        everything = list_interests(session, include_inactive=True)
    finnish_names = [record.name_fi for record in finnish]
    # Alphabetical as in Finnish: "Kä…" after "Ka…", and after "Ko…".
    assert finnish_names.index("Kansainvälinen toiminta") < finnish_names.index("Koulutus ja opintopiirit")
    assert finnish_names.index("Koulutus ja opintopiirit") < finnish_names.index("Kääntäminen (suomi–ruotsi)")
    assert finnish_names[0] == "Ay-yhteistyö"
    swedish_names = [record.name_sv for record in swedish]
    assert swedish_names[0] == "Dela ut flygblad och tidningar"
    assert swedish_names[-1] == "Översättning (finska–svenska)"
    assert "fundraising" not in {record.code for record in finnish}
    assert "fundraising" in {record.code for record in everything}
    assert len(everything) == len(DEFAULT_INTERESTS)
    with language("sv"):
        record = next(record for record in everything if record.code == "unions")
        assert record.name_in("sv") == "Fackligt samarbete"
        assert record.name_in("en") == "Trade union cooperation"
        assert record.name_in("fi") == "Ay-yhteistyö"


def test_add_interest_derives_a_unique_code(database: Database) -> None:
    seeded(database)
    with database.transaction("Add") as session:
        first = add_interest(session, "Kuorolaulu", "Körsång", "Choir singing")
        second = add_interest(session, "Kuoro", "Kör", "Choir-singing!")
        third = add_interest(session, " Kahvinkeitto ", "Kaffekokning", "Coffee", code="coffee_duty")
    with database.reading() as session:
        rows = {row.id: row for row in session.execute(select(Interest)).scalars()}
    assert rows[first].code == "choir_singing"
    assert rows[second].code == "choir_singing_2"
    assert rows[third].code == "coffee_duty"
    assert rows[third].name_fi == "Kahvinkeitto"
    assert rows[first].active


def test_code_from_name_folds_and_joins_words() -> None:
    assert code_from_name("IT & Websites") == "it_websites"
    assert code_from_name("Översättning – svenska") == "oversattning_svenska"
    assert code_from_name("!!!") == "interest"


@pytest.mark.parametrize(
    ("names", "code", "field"),
    [
        (("", "Kör", "Choir"), None, "name_fi"),
        (("Kuoro", "  ", "Choir"), None, "name_sv"),
        (("Kuoro", "Kör", ""), None, "name_en"),
        (("Kuoro", "Kör", "Choir"), "events", "code"),
        (("Kuoro", "Kör", "Choir"), "Choir Singing", "code"),
        (("Kuoro", "Kör", "Choir"), "choir__singing", "code"),
        (("valokuvaus", "Kör", "Choir"), None, "name_fi"),
        (("Kuoro", "Kör", "SOCIAL MEDIA"), None, "name_en"),
    ],
)
def test_add_interest_refuses_bad_input(
    database: Database, names: tuple[str, str, str], code: str | None, field: str
) -> None:
    seeded(database)
    with pytest.raises(ValidationError) as raised, database.transaction("Add") as session:
        add_interest(session, *names, code=code)
    assert raised.value.field == field
    assert str(raised.value)


def test_update_interest_renames_but_keeps_the_code(database: Database) -> None:
    ids = seeded(database)
    with database.transaction("Rename") as session:
        update_interest(session, ids["it"], "Atk-tuki", "Datorstöd", "Computer help")
    with database.reading() as session:
        row = session.get(Interest, ids["it"])
        assert row is not None
        assert (row.code, row.name_fi, row.name_sv, row.name_en) == ("it", "Atk-tuki", "Datorstöd", "Computer help")
    with pytest.raises(ValidationError) as raised, database.transaction("Rename") as session:
        update_interest(session, ids["it"], "Valokuvaus", "Datorstöd", "Computer help")
    assert raised.value.field == "name_fi"
    with pytest.raises(ValidationError), database.transaction("Rename") as session:
        update_interest(session, ids["it"], "Atk-tuki", "", "Computer help")


def test_deactivating_and_unknown_interests(database: Database) -> None:
    ids = seeded(database)
    with database.transaction("Deactivate") as session:
        set_interest_active(session, ids["youth"], False)
    with database.transaction("Activate") as session:
        set_interest_active(session, ids["youth"], True)
    with database.reading() as session:
        assert "youth" in {record.code for record in list_interests(session)}
    with pytest.raises(InterestNotFoundError), database.transaction("Deactivate") as session:
        set_interest_active(session, uuid.uuid4(), False)
    with pytest.raises(InterestNotFoundError), database.transaction("Rename") as session:
        update_interest(session, uuid.uuid4(), "a", "b", "c")
