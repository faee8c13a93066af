"""Importing members from CSV and XLSX files (db.members.io)."""

from __future__ import annotations

import csv
import gettext
import hashlib
import io
import threading
import unicodedata
import uuid
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, inspect, select

from db.branches.models import Branch
from db.core import i18n
from db.core import text as text_module
from db.core.changelog import ChangeRecord, Operation, Origin
from db.core.database import Database
from db.core.errors import KansliError
from db.core.text import fold
from db.core.undo import undo_last
from db.members.io import (
    ImportCancelled,
    ImportOptions,
    ImportRefusedError,
    ImportReport,
    RowProblem,
    import_members,
    parse_header_map,
)
from db.members.io.headers import HEADER_ALIASES, header_key
from db.members.io.reader import decode_text, detect_separator
from db.members.models import ContactKind, Member, MemberLanguage, MembershipKind
from db.members.operations import get_member
from db.members.records import MemberDetail
from db.members.search import find_members

FI_HEADER = "Jäsennumero;Etunimi;Sukunimi;Sähköposti;Puhelin;Osasto;Liittymispäivä;Syntymävuosi;Kieli;Jäsenlaji"
BRANCH = "Vaasan osasto"


# --- helpers -----------------------------------------------------------------------------------------------------


def write(tmp_path: Path, lines: list[str], *, name: str = "members.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def fi_row(
    number: str = "",
    first: str = "Anna",
    last: str = "Virtanen",
    email: str = "",
    phone: str = "",
    branch: str = BRANCH,
    joined: str = "1.3.2024",
    year: str = "",
    lang: str = "",
    kind: str = "",
) -> str:
    return ";".join([number, first, last, email, phone, branch, joined, year, lang, kind])


def live_members(database: Database) -> dict[str, MemberDetail]:
    """Every live member's card, by "first last"."""
    with database.reading() as session:
        ids = session.execute(select(Member.id).where(Member.deleted_at.is_(None))).scalars().all()
        cards = [get_member(session, member_id) for member_id in ids]
    return {card.full_name: card for card in cards}


def counts(database: Database) -> tuple[int, int, int]:
    """(members, branches, change log records): what an import that does nothing must leave alone."""
    with database.reading() as session:
        return (
            session.execute(select(func.count()).select_from(Member)).scalar_one(),
            session.execute(select(func.count()).select_from(Branch)).scalar_one(),
            session.execute(select(func.count()).select_from(ChangeRecord)).scalar_one(),
        )


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        if part.exists():
            digest.update(part.read_bytes())
    return digest.hexdigest()


def refused(database: Database, path: Path, options: ImportOptions = ImportOptions()) -> ImportReport:  # noqa: B008
    with pytest.raises(ImportRefusedError) as caught:
        import_members(database, path, options)
    return caught.value.report


@pytest.fixture
def branch(make_branch: Callable[..., object]) -> uuid.UUID:
    branch_id = make_branch(BRANCH)
    assert isinstance(branch_id, uuid.UUID)
    return branch_id


# --- reading files: encodings, separators, dates, headers ----------------------------------------------------------


def test_import_creates_members_with_contacts_and_membership(
    database: Database, branch: uuid.UUID, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        [
            FI_HEADER,
            fi_row("1001", "Anna", "Virtanen", "Anna@Example.FI", "040 123 4567", joined="1.3.2024", year="1980",
                   lang="suomi", kind="jäsen"),
            fi_row("1002", "Bo", "Ek", "bo@example.fi", "", joined="2023-12-31", lang="ruotsi", kind="kannattaja"),
        ],
    )  # fmt: skip

    report = import_members(database, path)

    assert (report.rows_read, report.created, report.updated, report.rejected) == (2, 2, 0, 0)
    assert report.committed and not report.dry_run and report.problems == []
    cards = live_members(database)
    anna = cards["Anna Virtanen"]
    assert anna.person.member_number == "1001"
    assert anna.person.birth_year == 1980
    assert anna.person.language == MemberLanguage.FI
    assert {(c.kind, c.value) for c in anna.contacts} == {
        (ContactKind.EMAIL, "anna@example.fi"),
        (ContactKind.PHONE, "+358401234567"),
    }
    assert anna.current is not None
    assert (anna.current.branch_id, anna.current.kind, anna.current.joined_on) == (
        branch,
        MembershipKind.MEMBER,
        date(2024, 3, 1),
    )
    with database.reading() as session:
        # The search index was refreshed at commit: by national and international number, and folded name.
        for query in ("0401234567", "+358 40 123 4567", "VIRTANEN"):
            assert [m.id for m in find_members(session, query, date.today())] == [anna.id], query
    bo = cards["Bo Ek"]
    assert bo.person.language == MemberLanguage.SV
    assert bo.current is not None and bo.current.kind == MembershipKind.SUPPORTER
    assert bo.current.joined_on == date(2023, 12, 31)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings(database: Database, branch: uuid.UUID, tmp_path: Path, encoding: str) -> None:
    path = write(
        tmp_path,
        [FI_HEADER, fi_row("7", "Åsa", "Öhman-Järvå", email="asa@example.fi")],
        encoding=encoding,
    )
    report = import_members(database, path)
    assert report.created == 1
    assert "Åsa Öhman-Järvå" in live_members(database)


def test_cp1252_is_detected_only_when_the_file_is_not_utf8(tmp_path: Path) -> None:
    text = "Etunimi;Sukunimi\nÄäpö;Öljynen\n"
    assert decode_text(text.encode("utf-8"), tmp_path) == text
    assert decode_text(text.encode("cp1252"), tmp_path) == text
    assert decode_text(b"\xef\xbb\xbf" + text.encode("utf-8"), tmp_path) == text


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_separators(database: Database, branch: uuid.UUID, tmp_path: Path, separator: str) -> None:
    header = FI_HEADER.replace(";", separator)
    row = fi_row("5", "Anna", "Virtanen", "anna@example.fi", "040 123 4567", year="1975").replace(";", separator)
    path = write(tmp_path, [header, row])
    assert import_members(database, path).created == 1
    card = live_members(database)["Anna Virtanen"]
    assert card.person.birth_year == 1975
    assert {c.value for c in card.contacts} == {"anna@example.fi", "+358401234567"}


def test_separator_detection_ignores_quoted_separators_and_single_columns() -> None:
    assert detect_separator('"Sukunimi; suku","Etunimi","Osasto"') == ","
    assert detect_separator("Etunimi\tSukunimi,ym\tOsasto") == "\t"
    assert detect_separator("Sukunimi") == ";"
    assert detect_separator("") == ";"


def test_quoted_header_with_separator_inside(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    path = write(tmp_path, ['"Etunimi";"Sukunimi";"Osasto";"Huom; muuta"', f'Anna;Virtanen;{BRANCH};"x; y"'])
    report = import_members(database, path)
    assert report.created == 1
    assert report.unknown_columns == ["Huom; muuta"]


def test_single_column_file_says_which_columns_are_missing(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, ["Sukunimi", "Virtanen"])
    with pytest.raises(KansliError, match="first names and last names") as caught:
        import_members(database, path)
    assert "Sukunimi" in str(caught.value)


def test_excel_separator_hint_line(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    path = write(tmp_path, ["sep=,", "Etunimi,Sukunimi,Osasto,Syntymävuosi", f"Anna,Virtanen,{BRANCH},19x5"])
    report = refused(database, path)
    # The hint line counts: the header is on line 2, the row on line 3.
    assert [(p.line, p.column, p.value) for p in report.problems] == [(3, "Syntymävuosi", "19x5")]


@pytest.mark.parametrize("text", ["1.3.2024", "01.03.2024", "2024-03-01", "2024-03-01 00:00:00"])
def test_date_formats(database: Database, branch: uuid.UUID, tmp_path: Path, text: str) -> None:
    path = write(tmp_path, [FI_HEADER, fi_row("9", joined=text)])
    import_members(database, path)
    card = live_members(database)["Anna Virtanen"]
    assert card.current is not None and card.current.joined_on == date(2024, 3, 1)


@pytest.mark.parametrize(
    ("header", "row", "kind"),
    [
        (
            "Medlemsnummer;Förnamn;Efternamn;E-post;Mobil;Gatuadress;C/o;Postnummer;Postort;Partiförening;"
            "Medlem sedan;Födelseår;Språk;Medlemstyp;Anteckningar",
            f"55;Anna;Virtanen;anna@example.fi;040 123 4567;Storgatan 1;Hansson;65100;Vasa;{BRANCH};"
            "1.3.2024;1980;svenska;stödmedlem;Talar finska",
            MembershipKind.SUPPORTER,
        ),
        (
            "Member number,First name,Last name,Email,Phone,Street address,C/O,Postal code,City,Branch,"
            "Joined,Birth year,Language,Kind,Notes",
            f"55,Anna,Virtanen,anna@example.fi,040 123 4567,Storgatan 1,Hansson,65100,Vasa,{BRANCH},"
            "2024-03-01,1980,Swedish,supporter,Talar finska",
            MembershipKind.SUPPORTER,
        ),
        (
            "JÄSENNUMERO;etu nimi;SUKU_NIMI;s-posti;matkapuhelin;Lähiosoite;c/o;postinro;POSTITOIMIPAIKKA;"
            "yhdistys;liittymispäivä;syntymävuosi;KIELI;jäsenlaji;Lisätiedot",
            f"55;Anna;Virtanen;anna@example.fi;040 123 4567;Storgatan 1;Hansson;65100;Vasa;{BRANCH};"
            "1.3.2024;1980;ruotsi;jäsen;Talar finska",
            MembershipKind.MEMBER,
        ),
    ],
    ids=["swedish", "english", "finnish-odd-spelling"],
)
def test_headers_in_three_languages(
    database: Database, branch: uuid.UUID, tmp_path: Path, header: str, row: str, kind: MembershipKind
) -> None:
    report = import_members(database, write(tmp_path, [header, row]))
    assert report.created == 1 and report.unknown_columns == []
    person = (card := live_members(database)["Anna Virtanen"]).person
    assert (person.member_number, person.street, person.co_line, person.postal_code, person.city) == (
        "55",
        "Storgatan 1",
        "Hansson",
        "65100",
        "Vasa",
    )
    assert (person.birth_year, person.language, person.notes) == (1980, MemberLanguage.SV, "Talar finska")
    assert card.current is not None and card.current.kind == kind
    assert card.current.joined_on == date(2024, 3, 1)


def test_header_keys_ignore_case_spaces_and_diacritics() -> None:
    assert header_key(" Sähkö-posti ") == header_key("SAHKOPOSTI") == "sahkoposti"
    assert HEADER_ALIASES[header_key("Förnamn")] == HEADER_ALIASES[header_key("given name")] == "first_name"
    assert HEADER_ALIASES[header_key("Medlem sedan")] == "joined_on"


def reference_fold(text: str) -> str:
    """db.core.text.fold as first written (whole text at once), which the per-character table must equal."""
    lowered = text.casefold().translate(text_module._SPECIAL_LETTERS)
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=20))
def test_fold_by_table_equals_folding_the_whole_text(text: str) -> None:
    # Headers, branch names and duplicate keys are all compared folded; the fast fold must not change a key.
    assert fold(text) == reference_fold(text)
    assert fold("  Åhlström-ÄÄNINEN\u00a0Straße ") == reference_fold("  Åhlström-ÄÄNINEN\u00a0Straße ")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("suomi", "fi"), ("Finska", "fi"), ("FI", "fi"), ("svenska", "sv"), ("Ruotsi", "sv"), ("swedish", "sv"),
     ("englanti", "other"), ("ru", "other")],
)  # fmt: skip
def test_language_values(database: Database, branch: uuid.UUID, tmp_path: Path, text: str, expected: str) -> None:
    import_members(database, write(tmp_path, [FI_HEADER, fi_row(lang=text)]))
    assert live_members(database)["Anna Virtanen"].person.language == expected


def test_header_map(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    header_map = parse_header_map(["Jäsenen tunnus=member_number", "Kotikaupunki = city", "Vanha osoite=ignore"])
    assert header_map == {"Jäsenen tunnus": "member_number", "Kotikaupunki": "city", "Vanha osoite": "ignore"}
    path = write(
        tmp_path,
        [
            "Jäsenen tunnus;Etunimi;Sukunimi;Osasto;KOTIKAUPUNKI;Vanha osoite;Lempiväri",
            f"77;Anna;Virtanen;{BRANCH};Oulu;x;y",
        ],
    )
    report = import_members(database, path, ImportOptions(header_map=header_map))
    assert report.unknown_columns == ["Lempiväri"]
    person = live_members(database)["Anna Virtanen"].person
    assert (person.member_number, person.city) == ("77", "Oulu")


@pytest.mark.parametrize("item", ["no equals sign", "=member_number", "Header=favourite_colour"])
def test_bad_header_map_items_are_refused_clearly(item: str) -> None:
    with pytest.raises(KansliError, match="“"):
        parse_header_map([item])


def test_unknown_columns_are_reported_and_ignored(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    path = write(tmp_path, [FI_HEADER + ";Lempiväri;;Kengän koko", fi_row("1") + ";sininen;;42"])
    report = import_members(database, path)
    assert report.created == 1
    assert report.unknown_columns == ["Lempiväri", "(column 12 has no header)", "Kengän koko"]


def test_empty_cells_after_the_last_header_are_not_columns(
    database: Database, branch: uuid.UUID, tmp_path: Path
) -> None:
    # Excel writes a separator for every formatted column, named or not.
    report = import_members(database, write(tmp_path, ["Etunimi;Sukunimi;Osasto;;;", f"Anna;Virtanen;{BRANCH};;;"]))
    assert (report.created, report.unknown_columns) == (1, [])


def test_two_phone_columns_give_two_contacts(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    path = write(
        tmp_path, ["Etunimi;Sukunimi;Osasto;Puhelin;Matkapuhelin", f"Anna;Virtanen;{BRANCH};06 123 4567;040 123 4567"]
    )
    import_members(database, path)
    assert [c.value for c in live_members(database)["Anna Virtanen"].contacts] == ["+35861234567", "+358401234567"]


def test_two_columns_for_one_field_are_refused(database: Database, tmp_path: Path) -> None:
    path = write(tmp_path, ["Etunimi;Sukunimi;Postinumero;Postnr", "Anna;Virtanen;65100;65100"])
    with pytest.raises(KansliError, match=r"Postinumero.*Postnr"):
        import_members(database, path, ImportOptions(default_branch=BRANCH))


# --- invalid rows: atomic by default, or skipped -------------------------------------------------------------------


def bad_middle_row_file(tmp_path: Path) -> Path:
    return write(
        tmp_path,
        [
            FI_HEADER + ";Lisätiedot",
            fi_row("1", "Anna", "Aalto") + ';"Two lines\nof notes"',
            fi_row("2", "Bertta", "Berg", joined="31.2.2024") + ";",
            fi_row("3", "Cecilia", "Cedar", email="not-an-address", year="1780") + ";",
            fi_row("4", "Daniel", "Dahl") + ";",
        ],
    )


def test_a_bad_row_stops_the_whole_import(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    before = counts(database)
    path = bad_middle_row_file(tmp_path)

    with pytest.raises(ImportRefusedError, match=r"^Nothing was imported: 2 rows have errors\.$") as caught:
        import_members(database, path)

    report = caught.value.report
    assert not report.committed and report.created == 0 and report.rejected == 2
    # The notes of line 2 span two physical lines, so the bad rows are on lines 4 and 5.
    assert report.problems == [
        RowProblem(4, "Liittymispäivä", "31.2.2024",
                   "“31.2.2024” is not a date (write dates as 1.3.2024 or 2024-03-01)."),
        RowProblem(5, "Sähköposti", "not-an-address", "“not-an-address” is not a valid e-mail address."),
        RowProblem(5, "Syntymävuosi", "1780", "The birth year 1780 is not possible."),
    ]  # fmt: skip
    assert counts(database) == before


class MarkedTranslations(gettext.NullTranslations):
    """A stand-in catalog that marks every message it translates."""

    def gettext(self, message: str) -> str:
        return "[fi] " + message


def test_problems_are_translated(
    database: Database, branch: uuid.UUID, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(i18n, "translator", lambda _language: MarkedTranslations())
    report = refused(database, bad_middle_row_file(tmp_path))
    assert report.problems[0].reason == "[fi] “31.2.2024” is not a date (write dates as 1.3.2024 or 2024-03-01)."


def test_skip_invalid_imports_good_rows_and_writes_rejects(
    database: Database, branch: uuid.UUID, tmp_path: Path
) -> None:
    path = bad_middle_row_file(tmp_path)
    rejects = tmp_path / "out" / "rejects.csv"
    rejects.parent.mkdir()

    report = import_members(database, path, ImportOptions(skip_invalid=True, rejects_path=rejects))

    assert (report.created, report.rejected, report.committed) == (2, 2, True)
    assert report.rejects_path == rejects
    assert set(live_members(database)) == {"Anna Aalto", "Daniel Dahl"}
    assert live_members(database)["Anna Aalto"].person.notes == "Two lines\nof notes"
    text = rejects.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff")  # for Excel
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [*FI_HEADER.split(";"), "Lisätiedot", "Line", "Reason"]
    assert rows[1][:3] == ["2", "Bertta", "Berg"]
    assert rows[1][-2:] == ["4", "Liittymispäivä: “31.2.2024” is not a date (write dates as 1.3.2024 or 2024-03-01)."]
    assert rows[2][:3] == ["3", "Cecilia", "Cedar"] and rows[2][-2] == "5"
    assert "Sähköposti: " in rows[2][-1] and "Syntymävuosi: The birth year 1780" in rows[2][-1]
    assert len(rows) == 3


def test_skip_invalid_writes_rejects_beside_the_file_by_default(
    database: Database, branch: uuid.UUID, tmp_path: Path
) -> None:
    report = import_members(database, bad_middle_row_file(tmp_path), ImportOptions(skip_invalid=True))
    assert report.rejects_path == tmp_path / "members-rejects.csv"
    assert report.rejects_path.exists()


def test_dry_run_changes_nothing(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    path = write(tmp_path, [FI_HEADER, fi_row("1", "Anna", "Aalto"), fi_row("2", "Bo", "Berg", branch="Uusi osasto")])
    before, digest = counts(database), file_digest(database.path)

    report = import_members(database, path, ImportOptions(dry_run=True, create_branches=True))

    assert (report.dry_run, report.committed, report.created, report.rows_read) == (True, False, 2, 2)
    assert report.created_branches == ["Uusi osasto"]
    assert counts(database) == before
    assert file_digest(database.path) == digest


def test_dry_run_reports_the_same_refusal(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    report = refused(database, bad_middle_row_file(tmp_path), ImportOptions(dry_run=True))
    assert report.dry_run and report.rejected == 2


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"phone": "12"}, "Puhelin", "“12” is not a valid phone number."),
        ({"kind": "jäsenen puoliso"}, "Jäsenlaji", "“jäsenen puoliso” is not a kind of membership"),
        ({"year": "80"}, "Syntymävuosi", "“80” is not a birth year"),
        ({"joined": "1.3.1066"}, "Liittymispäivä", "The date 1.3.1066 is not possible."),
        ({"first": ""}, "Etunimi", "The first name is missing."),
        ({"branch": ""}, "Osasto", "The branch is missing."),
    ],
)
def test_row_errors_name_the_column(
    database: Database, branch: uuid.UUID, tmp_path: Path, cells: dict[str, str], column: str, reason: str
) -> None:
    report = refused(database, write(tmp_path, [FI_HEADER, fi_row("1", "Aino", "Aalto"), fi_row(**cells)]))
    assert len(report.problems) == 1
    problem = report.problems[0]
    assert (problem.line, problem.column) == (3, column)
    assert problem.reason.startswith(reason)


def test_a_line_with_too_many_cells_is_refused(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    report = refused(database, write(tmp_path, ["Etunimi;Sukunimi;Osasto", f"Anna;Virtanen;{BRANCH};Vaasa;65100"]))
    assert report.problems[0].line == 2 and "5 cells" in report.problems[0].reason


# --- updates and duplicates ----------------------------------------------------------------------------------------


def test_known_member_number_updates_that_member(
    database: Database, make_member: Callable[..., object], make_branch: Callable[..., object], tmp_path: Path
) -> None:
    member_id = make_member("Anna", "Virtanen", number="100", phone="040 111 2222", city="Vaasa", birth_year=1970)
    new_branch = make_branch("Mustasaaren osasto")
    path = write(
        tmp_path,
        [
            "Jäsennumero;Etunimi;Sukunimi;Sähköposti;Puhelin;Osasto;Jäsenlaji;Liittymispäivä;Postitoimipaikka;Syntymävuosi",
            "100;Anna;Virtanen-Berg;anna@example.fi;040 111 2222;mustasaaren OSASTO;kannattaja;2.2.2022;;1971",
        ],
    )

    report = import_members(database, path)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    card = live_members(database)["Anna Virtanen-Berg"]
    assert card.id == member_id
    assert card.person.birth_year == 1971
    assert card.person.city == "Vaasa"  # an empty cell leaves the value as it was
    assert [(c.kind, c.value) for c in card.contacts] == [
        (ContactKind.PHONE, "+358401112222"),
        (ContactKind.EMAIL, "anna@example.fi"),
    ]
    assert len(card.memberships) == 1 and card.current is not None
    assert (card.current.branch_id, card.current.kind, card.current.joined_on) == (
        new_branch,
        MembershipKind.SUPPORTER,
        date(2022, 2, 2),
    )
    again = import_members(database, path)
    assert (again.updated, again.unchanged) == (0, 1)


def test_the_same_member_number_twice_in_a_file(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    report = refused(database, write(tmp_path, [FI_HEADER, fi_row("5", "Anna", "A"), fi_row("5", "Bo", "B")]))
    assert [(p.line, p.column, p.reason) for p in report.problems] == [
        (3, "Jäsennumero", "The member number 5 is also on line 2.")
    ]


@pytest.mark.parametrize(
    ("existing", "row", "reason"),
    [
        ({"email": "anna@example.fi"}, {"email": "ANNA@example.fi "}, "same e-mail address"),
        ({"phone": "+358 40 123 4567"}, {"phone": "040-1234567"}, "same phone number"),
        ({"birth_year": 1980}, {"year": "1980"}, "same name and birth year"),
    ],
)
def test_possible_duplicate_of_an_existing_member_is_refused(
    database: Database,
    make_member: Callable[..., object],
    tmp_path: Path,
    existing: dict[str, object],
    row: dict[str, str],
    reason: str,
) -> None:
    make_member("Anna", "Virtanen", number="900", **existing)
    before = counts(database)
    report = refused(database, write(tmp_path, [FI_HEADER, fi_row("", "Anna", "Virtanen", **row)]))
    (problem,) = report.problems
    assert problem.line == 2
    assert problem.reason == f"Possibly already in the register as Anna Virtanen, member number 900 ({reason})."
    assert counts(database) == before


def test_possible_duplicate_within_the_file(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [
            FI_HEADER,
            fi_row("", "Anna", "Aalto", email="a@example.fi"),
            fi_row("", "Aino", "Aalto", email="a@example.fi"),
        ],
    )
    report = import_members(database, path, ImportOptions(skip_invalid=True, rejects_path=tmp_path / "r.csv"))
    assert (report.created, report.rejected) == (1, 1)
    assert report.problems[0].reason == "Possibly the same person as on line 2 (same e-mail address)."


def test_a_new_member_number_is_not_a_duplicate_of_another_numbered_member(
    database: Database, make_member: Callable[..., object], tmp_path: Path
) -> None:
    # Two spouses share an address: the central office has given each a number of their own.
    make_member("Anna", "Virtanen", number="900", email="koti@example.fi")
    report = import_members(
        database, write(tmp_path, [FI_HEADER, fi_row("901", "Pekka", "Virtanen", email="koti@example.fi")])
    )
    assert report.created == 1


def test_a_new_member_number_matching_an_unnumbered_member_is_refused(
    database: Database, make_member: Callable[..., object], tmp_path: Path
) -> None:
    make_member("Anna", "Virtanen", email="anna@example.fi")
    report = refused(database, write(tmp_path, [FI_HEADER, fi_row("901", "Anna", "Virtanen", email="anna@example.fi")]))
    assert report.problems[0].reason == "Possibly already in the register as Anna Virtanen (same e-mail address)."


def test_unknown_kansli_id_is_refused(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    path = write(
        tmp_path, ["Kansli ID;Etunimi;Sukunimi;Osasto", f"{uuid.uuid4()};Anna;Virtanen;{BRANCH}", f"abc;Bo;Ek;{BRANCH}"]
    )
    report = refused(database, path)
    assert [(p.line, p.column) for p in report.problems] == [(2, "Kansli ID"), (3, "Kansli ID")]
    assert report.problems[1].reason == "“abc” is not a Kansli ID."


# --- branches ------------------------------------------------------------------------------------------------------


def test_unknown_branches_are_listed_in_one_message(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    before = counts(database)
    path = write(
        tmp_path,
        [FI_HEADER, fi_row("1", branch="Oulun osasto"), fi_row("2", branch="vaasan  OSASTO"),
         fi_row("3", branch="Kemin osasto"), fi_row("4", branch="oulun osasto")],
    )  # fmt: skip
    with pytest.raises(ImportRefusedError) as caught:
        import_members(database, path)
    message = str(caught.value)
    assert "“Kemin osasto”, “Oulun osasto”" in message and "--create-branches" in message
    assert caught.value.report.unknown_branches == ["Kemin osasto", "Oulun osasto"]
    assert counts(database) == before


def test_create_branches(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        [FI_HEADER, fi_row("1", "Anna", "A", branch="Oulun osasto"), fi_row("2", "Bo", "B", branch="VAASAN osasto")],
    )
    report = import_members(database, path, ImportOptions(create_branches=True))
    assert report.created_branches == ["Oulun osasto"]
    with database.reading() as session:
        names = sorted(session.execute(select(Branch.name).where(Branch.deleted_at.is_(None))).scalars())
    assert names == ["Oulun osasto", BRANCH]
    cards = live_members(database)
    assert cards["Bo B"].current is not None and cards["Bo B"].current.branch_id == branch
    assert cards["Anna A"].current is not None and cards["Anna A"].current.branch_name == "Oulun osasto"


def test_a_file_without_branch_column_needs_a_default_branch(
    database: Database, branch: uuid.UUID, tmp_path: Path
) -> None:
    path = write(tmp_path, ["Etunimi;Sukunimi", "Anna;Virtanen"])
    with pytest.raises(KansliError, match="default branch"):
        import_members(database, path)
    report = import_members(database, path, ImportOptions(default_branch="vaasan osasto"))
    assert report.created == 1
    card = live_members(database)["Anna Virtanen"]
    assert card.current is not None and card.current.branch_id == branch


def test_default_branch_fills_empty_branch_cells(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    path = write(tmp_path, [FI_HEADER, fi_row("1", branch="")])
    assert import_members(database, path, ImportOptions(default_branch=BRANCH)).created == 1


# --- XLSX ----------------------------------------------------------------------------------------------------------


def test_xlsx_import_with_real_dates_and_numbers(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Jäsennumero", "Etunimi", "Sukunimi", "Puhelin", "Osasto", "Liittymispäivä", "Syntymävuosi"])
    sheet.append([1234, "Anna", "Virtanen", 401234567, BRANCH, datetime(2024, 3, 1), 1980])
    sheet.append([None, None, None, None, None, None, None])
    sheet.append([1235, "Bo", "Ek", "040 765 4321", BRANCH, "1.3.2024", "1981"])
    sheet.append([1236, "Cay", "Fors", None, BRANCH, "31.2.2024", None])
    path = tmp_path / "members.xlsx"
    workbook.save(path)

    report = refused(database, path)
    assert [(p.line, p.column) for p in report.problems] == [(5, "Liittymispäivä")]

    report = import_members(database, path, ImportOptions(skip_invalid=True, rejects_path=tmp_path / "r.csv"))
    assert (report.created, report.rejected, report.rows_read) == (2, 1, 3)
    anna = live_members(database)["Anna Virtanen"]
    assert anna.person.member_number == "1234" and anna.person.birth_year == 1980
    assert [c.value for c in anna.contacts] == ["+358401234567"]
    assert anna.current is not None and anna.current.joined_on == date(2024, 3, 1)


def test_a_workbook_is_recognised_by_its_content_not_its_name(
    database: Database, branch: uuid.UUID, tmp_path: Path
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Etunimi", "Sukunimi", "Osasto"])
    sheet.append(["Anna", "Virtanen", BRANCH])
    saved = tmp_path / "members.xlsx"
    workbook.save(saved)
    misnamed = saved.rename(tmp_path / "members.csv")
    assert import_members(database, misnamed).created == 1


# --- bad files -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "is empty"),
        ("blank.csv", b"\xef\xbb\xbf\r\n \r\n", "is empty"),
        (
            "scan.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\x02",
            "neither a CSV",
        ),
        ("photo.csv", bytes(range(256)) * 4, "neither a CSV"),
        ("broken.xlsx", b"PK\x03\x04 this is not really a zip file", "could not be read as an Excel workbook"),
        ("text.xlsx", b"Etunimi;Sukunimi\nAnna;Virtanen\n", "could not be read as an Excel workbook"),
        ("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old Excel format"),
        ("quotes.csv", b'Etunimi;Sukunimi;Osasto\n"Anna;Virtanen;X\n', "quotation mark"),
    ],
)
def test_bad_files_are_refused_clearly(
    database: Database, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    before = counts(database)
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(KansliError, match=message):
        import_members(database, path, ImportOptions(default_branch=BRANCH, create_branches=True))
    assert counts(database) == before


def test_missing_file(database: Database, tmp_path: Path) -> None:
    with pytest.raises(KansliError, match="There is no file"):
        import_members(database, tmp_path / "nowhere.csv")


# --- progress, cancel, undo, change log ----------------------------------------------------------------------------


def many_rows_file(tmp_path: Path, count: int = 1200) -> Path:
    rows = [fi_row(str(1000 + i), "Anna", f"Virtanen{i}", email=f"a{i}@example.fi") for i in range(count)]
    return write(tmp_path, [FI_HEADER, *rows])


def test_progress_is_reported_up_to_the_total(database: Database, branch: uuid.UUID, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    import_members(database, many_rows_file(tmp_path), progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 3600) and calls[-1] == (3600, 3600)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
    assert len(calls) >= 3


@pytest.mark.parametrize("cancel_after", [0, 1, 1500])
def test_cancel_writes_nothing(database: Database, branch: uuid.UUID, tmp_path: Path, cancel_after: int) -> None:
    before = counts(database)
    cancel = threading.Event()

    def progress(done: int, _total: int) -> None:
        # 0 cancels before any row is checked; 1 while checking; 1500 while writing (checking counts 1200).
        if done >= cancel_after:
            cancel.set()

    with pytest.raises(ImportCancelled):
        import_members(database, many_rows_file(tmp_path), progress=progress, cancel=cancel)
    assert counts(database) == before


def test_a_cancel_during_the_commit_comes_too_late_and_the_import_stands(
    database: Database, branch: uuid.UUID, tmp_path: Path
) -> None:
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        # Only the report after the commit reaches the total: this is the user pressing Cancel during the commit.
        if done == total:
            cancel.set()

    report = import_members(database, many_rows_file(tmp_path, 3), progress=progress, cancel=cancel)
    assert cancel.is_set() and report.committed and report.created == 3
    assert len(live_members(database)) == 3


def test_import_is_one_undoable_operation_logged_as_import(
    database: Database, branch: uuid.UUID, tmp_path: Path
) -> None:
    path = write(tmp_path, [FI_HEADER, fi_row("1", "Anna", "Aalto", "a@example.fi"), fi_row("2", "Bo", "Berg")])
    import_members(database, path)
    today = date.today()
    with database.reading() as session:
        assert [m.full_name for m in find_members(session, "aalto", today)] == ["Anna Aalto"]
        operation = session.execute(select(Operation).order_by(Operation.id.desc()).limit(1)).scalar_one()
        assert (i18n.label_text(operation.label), operation.origin) == (
            "Import members from members.csv",
            Origin.IMPORT,
        )
        records = session.execute(select(ChangeRecord).where(ChangeRecord.operation_id == operation.id)).scalars().all()
    assert {r.origin for r in records} == {Origin.IMPORT}
    inserted = sorted(r.entity for r in records if r.field is None)
    assert inserted == ["contact_point", "member", "member", "membership", "membership"]

    with database.transaction("x", Origin.UNDO) as session:
        step = undo_last(session)
    assert step.label == "Import members from members.csv"
    with database.reading() as session:
        assert find_members(session, "aalto", today) == []
        assert find_members(session, "berg", today) == []
    assert live_members(database) == {}


@pytest.mark.parametrize("people", [5, 2100])  # below and above the size at which member_search is rebuilt whole
def test_the_member_list_rows_an_import_makes_are_those_a_rebuild_makes(
    database: Database, branch: uuid.UUID, tmp_path: Path, people: int
) -> None:
    # An import makes the list rows of new people from the rows it inserts (not read back at the commit); an
    # updated person and a member whose row existed before are refreshed by the commit hook as usual.
    from db.members.member_index import rebuild_member_index
    from db.members.models import MemberSearchEntry

    with database.transaction("Add") as session:
        session.add(Member(first_name="Old", last_name="Existing", member_number="1"))
    lines = [FI_HEADER, fi_row("1", "Old", "Existing", email="old@example.fi", phone="040 1111111")]
    for n in range(people):
        phone = f"040 2{n:06d}" if n % 3 else ""
        email = f"p{n}@example.fi" if n % 4 else ""
        lines.append(fi_row(str(100 + n), f"Åsa{n}", "Öberg-Ek", email, phone, joined=f"{n % 28 + 1}.3.2024"))
    lines.append(fi_row("99999", "Future", "Joiner", joined="1.1.2027", kind="kannattaja"))
    import_members(database, write(tmp_path, lines), ImportOptions())

    def list_rows() -> list[tuple[object, ...]]:
        keys = [attr.key for attr in inspect(MemberSearchEntry).column_attrs if attr.key != "rowid"]
        with database.reading() as session:
            entries = session.execute(select(MemberSearchEntry).order_by(MemberSearchEntry.member_id)).scalars()
            return [tuple(getattr(entry, key) for key in keys) for entry in entries]

    made_by_the_import = list_rows()
    assert len(made_by_the_import) == people + 2
    with database.transaction("Rebuild") as session:
        rebuild_member_index(session)
    assert made_by_the_import == list_rows()
    with database.reading() as session:
        assert [m.first_name for m in find_members(session, "asa1 oberg", date(2026, 11, 1))][:1] == ["Åsa1"]
        assert [m.first_name for m in find_members(session, "old@example", date(2026, 11, 1))] == ["Old"]
