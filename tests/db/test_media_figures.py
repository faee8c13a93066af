"""Media figures by kind and month, the month and week calendar, the XLSX export and a press release's data."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from db.core.database import Database
from db.media.export import author_ids, export_media_items
from db.media.figures import CalendarMark, calendar_entries, media_figures, month_calendar, week_calendar
from db.media.items import MediaItemData, create_item, list_items
from db.media.models import MediaItemKind, MediaItemStatus
from db.media.press_release import press_release, town_of
from db.privacy.register import RegisterSettings, write_register_settings

YEAR = 2025


def _item(database: Database, kind: MediaItemKind, status: MediaItemStatus, **values: object) -> uuid.UUID:
    values = {"title": f"{kind} {status}", **values}
    data = MediaItemData(kind=kind, status=status, **values)  # type: ignore[arg-type]
    with database.transaction("Add media item") as session:
        return create_item(session, data, date(YEAR, 12, 31))


def test_figures_count_items_out_and_published_by_kind_and_month(database: Database) -> None:
    release, op_ed = MediaItemKind.PRESS_RELEASE, MediaItemKind.OP_ED
    _item(database, release, MediaItemStatus.SENT, sent_on=date(YEAR, 3, 5))
    _item(database, release, MediaItemStatus.PUBLISHED, sent_on=date(YEAR, 3, 30), published_on=date(YEAR, 4, 2))
    _item(database, op_ed, MediaItemStatus.REJECTED, sent_on=date(YEAR, 3, 10))
    _item(database, op_ed, MediaItemStatus.PUBLISHED, sent_on=date(YEAR - 1, 12, 20), published_on=date(YEAR, 1, 3))
    _item(database, release, MediaItemStatus.DRAFT, planned_on=date(YEAR, 3, 1))  # not out: not counted
    _item(database, release, MediaItemStatus.SENT, sent_on=date(YEAR + 1, 3, 1))  # another year
    with database.reading() as session:
        figures = media_figures(session, YEAR)
    assert figures.of(release).out[2:4] == (1, 1)  # March: sent; April: published
    assert figures.of(release).published == (0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0)
    assert figures.of(op_ed).out == (1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    assert (figures.of(op_ed).out_total, figures.of(op_ed).published_total) == (2, 1)
    assert figures.month_totals()[:4] == (1, 0, 2, 1)
    assert [row.kind for row in figures.kinds] == list(MediaItemKind)


def test_the_calendar_shows_planned_sent_and_published_days_in_whole_weeks(database: Database) -> None:
    planned = _item(database, MediaItemKind.WEBSITE_POST, MediaItemStatus.IDEA, planned_on=date(YEAR, 3, 3))
    done = _item(
        database,
        MediaItemKind.PRESS_RELEASE,
        MediaItemStatus.PUBLISHED,
        planned_on=date(YEAR, 3, 1),  # done work is not shown on its planned day
        sent_on=date(YEAR, 3, 10),
        published_on=date(YEAR, 3, 12),
    )
    with database.reading() as session:
        entries = calendar_entries(session, date(YEAR, 3, 1), date(YEAR, 3, 31))
        march = month_calendar(session, YEAR, 3)
        week = week_calendar(session, date(YEAR, 3, 12))
    assert [(entry.item_id, entry.day, entry.mark) for entry in entries] == [
        (planned, date(YEAR, 3, 3), CalendarMark.PLANNED),
        (done, date(YEAR, 3, 10), CalendarMark.SENT),
        (done, date(YEAR, 3, 12), CalendarMark.PUBLISHED),
    ]
    # March 2025 begins on a Saturday: the first week starts on Monday 24 February (ISO week 9).
    assert march.weeks[0].number == 9 and march.weeks[0].days[0].day == date(YEAR, 2, 24)
    assert not march.weeks[0].days[0].in_month and march.weeks[0].days[5].in_month
    assert len(march.weeks) == 6 and all(len(week.days) == 7 for week in march.weeks)
    monday_3 = march.weeks[1].days[0]
    assert monday_3.day == date(YEAR, 3, 3) and [entry.item_id for entry in monday_3.entries] == [planned]
    assert week.number == 11 and [day.day.weekday() for day in week.days] == list(range(7))
    assert [(day.day.day, len(day.entries)) for day in week.days if day.entries] == [(10, 1), (12, 1)]


def test_the_xlsx_export_has_the_items_and_the_years_figures(database: Database, tmp_path: Path, make_member) -> None:
    author = make_member("Anna", "Virtanen")
    _item(database, MediaItemKind.OP_ED, MediaItemStatus.PUBLISHED, author_id=author, published_on=date(YEAR, 5, 2))
    _item(database, MediaItemKind.PRESS_RELEASE, MediaItemStatus.SENT, sent_on=date(YEAR, 5, 3), title="=1+1")
    target = tmp_path / "media.xlsx"
    with database.reading() as session:
        rows = list_items(session)
        figures = media_figures(session, YEAR)
    assert export_media_items(rows, target, figures) == 2
    assert author_ids(rows) == [author]
    workbook = load_workbook(target)
    items, numbers = workbook.worksheets
    values = [[cell.value for cell in row] for row in items.iter_rows()]
    assert values[0][:3] == ["Kind", "Title", "Status"]
    assert values[1][:4] == ["Press release", "=1+1", "Sent", None]
    assert items["B2"].data_type == "s"  # kept as text, not run as a formula
    assert values[1][6].date() == date(YEAR, 5, 3)
    assert values[2][:4] == ["Op-ed", "op_ed published", "Published", "Anna Virtanen"]
    figures_rows = [[cell.value for cell in row] for row in numbers.iter_rows()]
    op_ed_row = next(row for row in figures_rows if row[0] == "Op-ed")
    assert op_ed_row[5] == 1 and op_ed_row[13] == 1  # May, and the year's total


def test_a_press_release_takes_the_letterhead_from_the_districts_settings(database: Database, make_member) -> None:
    author = make_member("Anna", "Virtanen")
    with database.transaction("Settings") as session:
        write_register_settings(
            session,
            RegisterSettings(
                address="Hovioikeudenpuistikko 13, 65100 Vaasa", email="toimisto@example.fi", phone="06 123"
            ),
        )
    item = _item(
        database,
        MediaItemKind.PRESS_RELEASE,
        MediaItemStatus.DRAFT,
        author_id=author,
        planned_on=date(YEAR, 4, 30),
        body="Ensimmäinen kappale.\n\nToinen kappale.",
    )
    with database.reading() as session:
        release = press_release(session, item, date(YEAR, 4, 1), "sv")
    assert (release.district, release.address, release.email, release.phone) == (
        "Testipiiri",
        "Hovioikeudenpuistikko 13, 65100 Vaasa",
        "toimisto@example.fi",
        "06 123",
    )
    assert (release.place, release.day, release.language) == ("Vaasa", date(YEAR, 4, 30), "sv")
    assert release.further_information == release.author == "Anna Virtanen"
    assert town_of("Storgatan 4, 68600 Jakobstad") == "Jakobstad"
    assert town_of("PL 12, 00101 HELSINKI") == "HELSINKI"
    assert town_of("somewhere") == ""
