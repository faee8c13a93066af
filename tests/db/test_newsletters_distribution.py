"""Who gets an issue: the postal/e-mail split by consent, one label per household with its name, c/o lines kept."""

from __future__ import annotations

import csv
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from db.core.database import Database
from db.members.models import MemberLanguage, MembershipKind
from db.newsletters.distribution import (
    Distribution,
    issue_distribution,
    mark_labels_printed,
    print_run,
    publication_distribution,
)
from db.newsletters.households import PostalPerson, co_text, group_households, household_name
from db.newsletters.mailing_list import MAILING_LIST_HEADER, write_mailing_list
from tests.db.branch_helpers import new_branch
from tests.db.newsletter_helpers import TODAY, household, new_issue, new_publication, reader


def _person(first: str, last: str, household_id: uuid.UUID | None = None, **address: str | None) -> PostalPerson:
    values: dict[str, str | None] = {
        "street": "Kauppakatu 1",
        "co_line": None,
        "postal_code": "65100",
        "city": "Vaasa",
        "country": None,
    }
    values.update(address)
    language = str(values.pop("language", None) or "fi")
    return PostalPerson(uuid.uuid4(), first, last, language, household_id, **values)  # type: ignore[arg-type]


# --- Naming a household's label ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("people", "language", "expected"),
    [
        ([("Anna", "Virtanen")], "fi", "Anna Virtanen"),
        ([("Anna", "Virtanen"), ("Matti", "Virtanen")], "fi", "Anna ja Matti Virtanen"),
        ([("Anna", "Virtanen"), ("Matti", "Virtanen")], "sv", "Anna och Matti Virtanen"),
        ([("Anna", "Virtanen"), ("Matti", "Korhonen")], "fi", "Anna Virtanen ja Matti Korhonen"),
        ([("Anna", "Virtanen"), ("Liisa", "Virtanen"), ("Matti", "Virtanen")], "fi", "Anna, Liisa ja Matti Virtanen"),
        (
            [("Anna", "Virtanen"), ("Liisa", "Korhonen"), ("Matti", "Virtanen")],
            "fi",
            "Anna ja Matti Virtanen sekä Liisa Korhonen",
        ),
        (
            [("Anna", "Virtanen"), ("Liisa", "Korhonen"), ("Matti", "Virtanen")],
            "sv",
            "Anna och Matti Virtanen samt Liisa Korhonen",
        ),
        (
            [("Anna", "Virtanen"), ("Liisa", "Korhonen"), ("Matti", "Lahti")],
            "fi",
            "Anna Virtanen, Liisa Korhonen ja Matti Lahti",
        ),
        # One surname written in two ways is one family: Virtanen and VIRTANEN.
        ([("Anna", "Virtanen"), ("Matti", "VIRTANEN")], "fi", "Anna ja Matti Virtanen"),
    ],
)
def test_a_households_label_is_named_from_its_people(
    people: list[tuple[str, str]], language: str, expected: str
) -> None:
    assert household_name(people, language) == expected


def test_labels_group_households_and_name_them_from_who_is_on_the_list() -> None:
    home = uuid.uuid4()
    matti, anna = _person("Matti", "Virtanen", home), _person("Anna", "Virtanen", home)
    alone = _person("Eero", "Aalto", postal_code="00100", city="Helsinki")
    labels, no_address = group_households([matti, anna, alone], "FI", "fi")
    assert no_address == []
    assert [label.lines for label in labels] == [
        ("Eero Aalto", "Kauppakatu 1", "00100 Helsinki"),
        ("Anna ja Matti Virtanen", "Kauppakatu 1", "65100 Vaasa"),
    ]
    assert set(labels[1].member_ids) == {anna.member_id, matti.member_id}
    assert labels[1].household_id == home
    # Matti alone on the list (Anna gets the paper by e-mail): the label names Matti only.
    (only,) = group_households([matti], "FI", "fi")[0]
    assert only.name == "Matti Virtanen"


def test_a_household_whose_addresses_differ_gets_a_label_at_each_door() -> None:
    home = uuid.uuid4()
    stayed = _person("Anna", "Virtanen", home)
    moved = _person("Matti", "Virtanen", home, street="Rantakatu 9", postal_code="65200")
    labels, _missing = group_households([stayed, moved], "FI", "fi")
    assert sorted(label.name for label in labels) == ["Anna Virtanen", "Matti Virtanen"]


def test_a_household_member_without_an_address_takes_the_households() -> None:
    home = uuid.uuid4()
    with_address = _person("Anna", "Virtanen", home)
    without = _person("Aino", "Virtanen", home, street=None, postal_code=None, city=None)
    stray = _person("Eero", "Aalto", None, street="", postal_code=None, city=None)
    labels, no_address = group_households([with_address, without, stray], "FI", "fi")
    assert [label.name for label in labels] == ["Aino ja Anna Virtanen"]
    assert no_address == [stray.member_id]


def test_co_lines_follow_the_name_and_foreign_addresses_end_with_the_country() -> None:
    abroad = _person(
        "Åsa", "Öhman", street="Storgatan 4", postal_code="111 51", city="Stockholm", country="SE", co_line="Lindqvist"
    )
    home = _person("Pär", "Berg", co_line="c/o Liisa Laine", language="sv")
    labels, _missing = group_households([abroad, home], "FI", "fi")
    assert [label.lines for label in labels] == [
        ("Pär Berg", "c/o Liisa Laine", "Kauppakatu 1", "65100 Vaasa"),
        ("Åsa Öhman", "c/o Lindqvist", "Storgatan 4", "111 51 Stockholm", "SWEDEN"),
    ]
    assert co_text("C/O Laine") == "C/O Laine"


def test_labels_are_sorted_by_postal_code_then_street() -> None:
    people = [
        _person("C", "C", postal_code="65100", street="Ö-katu 1"),
        _person("A", "A", postal_code="00100", street="Z-katu 1"),
        _person("B", "B", postal_code="65100", street="A-katu 1"),
        _person("D", "D", postal_code="10100", street="Storgatan 1", country="SE"),
    ]
    labels, _missing = group_households(people, "FI", "fi")
    assert [label.name for label in labels] == ["A A", "B B", "C C", "D D"]


def test_a_mixed_language_household_is_named_in_the_publications_language() -> None:
    home = uuid.uuid4()
    people = [_person("Anna", "Virtanen", home, language="fi"), _person("Matti", "Virtanen", home, language="sv")]
    assert group_households(people, "FI", "sv")[0][0].name == "Anna och Matti Virtanen"
    swedes = [_person("Anna", "Berg", home, language="sv"), _person("Matti", "Berg", home, language="sv")]
    assert group_households(swedes, "FI", "fi")[0][0].name == "Anna och Matti Berg"


# --- The postal/e-mail split from the register -------------------------------------------------------------------


@pytest.fixture
def branch(database: Database) -> uuid.UUID:
    return new_branch(database, "Vaasan osasto")


def _split(database: Database, publication_id: uuid.UUID) -> Distribution:
    with database.reading() as session:
        return publication_distribution(session, publication_id, TODAY)


def test_the_channels_follow_the_latest_consents_and_a_usable_address(database: Database, branch: uuid.UUID) -> None:
    emailed = reader(database, branch, "Eeva", "Email", email="eeva@example.fi", news=True)
    both = reader(database, branch, "Bo", "Both", email="bo@example.fi", news=True, post=True)
    no_consent = reader(database, branch, "Nils", "Noconsent", email="nils@example.fi")
    revoked_news = reader(database, branch, "Rita", "Revoked", email="rita@example.fi", news=False)
    bad_address = reader(database, branch, "Ulla", "Unusable", email="ulla@example.fi", email_usable=False, news=True)
    no_email = reader(database, branch, "Paavo", "Post")
    no_post = reader(database, branch, "Kalle", "Kieltäytyi", post=False)
    paper = new_publication(database)
    split = _split(database, paper)
    assert split.readers == 7
    assert {recipient.member_id for recipient in split.emails} == {emailed, both}
    assert {recipient.email for recipient in split.emails} == {"eeva@example.fi", "bo@example.fi"}
    posted = set(split.postal_member_ids())
    # Post: who wants it, and who gets no e-mail copy unless they said no to the post.
    assert posted == {both, no_consent, revoked_news, bad_address, no_email}
    assert split.unreached == [no_post]
    assert split.postal_people == 5 and len(split.labels) == 5


def test_a_publication_by_email_only_posts_nothing_and_one_by_post_only_emails_nothing(
    database: Database, branch: uuid.UUID
) -> None:
    emailed = reader(database, branch, "Eeva", "Email", email="eeva@example.fi", news=True)
    reader(database, branch, "Paavo", "Post")
    letter = new_publication(database, "Letter", by_post=False)
    only_email = _split(database, letter)
    assert [recipient.member_id for recipient in only_email.emails] == [emailed]
    assert only_email.labels == [] and len(only_email.unreached) == 1
    paper = new_publication(database, "Paper", by_email=False)
    only_post = _split(database, paper)
    assert only_post.emails == [] and only_post.postal_people == 2


def test_readers_are_current_members_and_supporters_only_when_asked(database: Database, branch: uuid.UUID) -> None:
    member = reader(database, branch, "Maija", "Member")
    supporter = reader(database, branch, "Sami", "Supporter", kind=MembershipKind.SUPPORTER)
    reader(database, branch, "Entinen", "Ended", ended_on=TODAY - timedelta(days=30))
    reader(database, branch, "Hakija", "Applicant", joined_on=None)
    paper = new_publication(database)
    assert set(_split(database, paper).postal_member_ids()) == {member}
    wider = new_publication(database, "Wide", include_supporters=True)
    assert set(_split(database, wider).postal_member_ids()) == {member, supporter}


def test_one_label_per_household_with_its_name_and_c_o_line(database: Database, branch: uuid.UUID) -> None:
    anna = reader(database, branch, "Anna", "Virtanen", co_line="Liisa Laine")
    matti = reader(database, branch, "Matti", "Virtanen", co_line="Liisa Laine")
    korhonen = reader(database, branch, "Pekka", "Korhonen")
    household(database, anna, matti, korhonen)
    reader(database, branch, "Anna", "Öhman", language=MemberLanguage.SV, street="Storgatan 4", postal_code="68600",
           city="Jakobstad")  # fmt: skip
    split = _split(database, new_publication(database))
    assert [label.lines for label in split.labels] == [
        ("Anna ja Matti Virtanen sekä Pekka Korhonen", "c/o Liisa Laine", "Kauppakatu 1", "65100 Vaasa"),
        ("Anna Öhman", "Storgatan 4", "68600 Jakobstad"),
    ]
    assert split.postal_people == 4


def test_print_run_is_the_labels_and_the_extra_copies_and_keeps_what_was_printed(
    database: Database, branch: uuid.UUID
) -> None:
    first, second = reader(database, branch, "Anna", "Virtanen"), reader(database, branch, "Matti", "Virtanen")
    household(database, first, second)
    reader(database, branch, "Eero", "Aalto")
    issue = new_issue(database, new_publication(database, extra_copies=25))
    with database.reading() as session:
        counted = print_run(session, issue, TODAY)
        assert len(issue_distribution(session, issue, TODAY).labels) == 2
    assert (counted.postal, counted.extra, counted.total, counted.counted_from_labels) == (2, 25, 27, False)
    with database.transaction("Labels printed") as session:
        mark_labels_printed(session, issue, 2)
    reader(database, branch, "Uusi", "Jäsen")
    with database.reading() as session:
        kept = print_run(session, issue, TODAY)
    assert (kept.total, kept.counted_from_labels) == (27, True)


def test_the_mailing_list_holds_only_what_the_mailing_service_needs(
    database: Database, branch: uuid.UUID, tmp_path: Path
) -> None:
    reader(database, branch, "Åsa", "Öhman", email="asa@example.fi", news=True, language=MemberLanguage.SV)
    reader(database, branch, "=cmd", "Injection", email="evil@example.fi", news=True)
    split = _split(database, new_publication(database))
    target = tmp_path / "list.csv"
    assert write_mailing_list(split.emails, target) == 2
    with target.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == MAILING_LIST_HEADER == ("email", "first_name", "last_name", "language")
    assert rows[1:] == [["asa@example.fi", "Åsa", "Öhman", "sv"], ["evil@example.fi", "'=cmd", "Injection", "fi"]]
    assert not target.read_bytes().startswith(b"\xef\xbb\xbf")  # no BOM: services read plain UTF-8
