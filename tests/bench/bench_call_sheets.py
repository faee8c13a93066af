"""Printed call sheets for 10 000 members (issue 4): the whole PDF against a raw ReportLab canvas in the same run.

The raw canvas draws the same rows' strings (already formatted) at fixed positions with the same fonts, on as many
pages, with nothing else: no boxes, no truncation, no header or footer. It is the floor a direct drawing can reach
on this machine, so the ratio says what the layout costs on top of ReportLab itself.
"""

from __future__ import annotations

import io
import os
import random
from datetime import UTC, date, datetime, timedelta

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from db.calling.printout import CallSheetPrintout, PrintedQuestion, PrintedRow, PrintedSheet
from db.core.i18n import format_day
from reports.call_sheet_layout import page_row_counts, sheet_layout
from reports.calling import build_call_sheets
from reports.common import MONO, SANS, SANS_BOLD, register_fonts
from tests.bench.common import Figure, median, report, timer

MEMBERS = int(os.environ.get("KANSLI_BENCH_CALL_MEMBERS", "10000"))
ROWS_PER_SHEET = 20
ROUNDS = int(os.environ.get("KANSLI_BENCH_CALL_ROUNDS", "3"))

FIRST_NAMES = (
    "Anna",
    "Matti",
    "Åsa",
    "Øyvind",
    "Łukasz",
    "Ayşe",
    "Þóra",
    "Jörg",
    "Siobhán",
    "Zoë",
    "Märta",
    "Pär",
    "Ŝtefan",
    "Ngọc Anh",
    "Dóra",
    "Ævar",
    "Katarzyna",
    "François",
    "İlkay",
    "Jyrki-Pekka",
)
LAST_NAMES = (
    "Virtanen",
    "Åhlström",
    "Kjærgaard",
    "Świątek",
    "Yılmaz",
    "Sigurðardóttir",
    "Nguyễn",
    "Öhman",
    "Björklund",
    "Mäkelä",
    "Ó Súilleabháin",
    "Dvořák",
    "Müller-Lüdenscheidt",
    "Hämäläinen-Wikström",
    "Þórsson",
    "Ng",
)
BRANCHES = (
    "Vaasan Sosialidemokraattinen Työväenyhdistys ry",
    "Vasa svenska arbetarförening",
    "Mustasaaren osasto",
    "Närpes socialdemokrater",
    "Seinäjoen Työväenyhdistys",
)
AGE_BANDS = ("", "18–29", "30–44", "45–64", "65–")
CODES = ("", "NA", "VM", "CB", "B", "INT")


def synthetic_printout(members: int = MEMBERS, seed: int = 4) -> CallSheetPrintout:
    """A campaign over ``members`` people with names from many Latin alphabets, 1–2 phones and three questions."""
    rng = random.Random(seed)
    sheets: list[PrintedSheet] = []
    for start in range(0, members, ROWS_PER_SHEET):
        rows = [
            PrintedRow(
                row=index + 1,
                name=f"{rng.choice(LAST_NAMES)}, {rng.choice(FIRST_NAMES)}",
                phones=[f"+358 4{rng.randrange(10)} {rng.randrange(100, 1000)} {rng.randrange(1000, 10000)}"]
                + ([f"06 {rng.randrange(100, 1000)} {rng.randrange(1000, 10000)}"] if rng.random() < 0.4 else []),
                branch=rng.choice(BRANCHES),
                age_band=rng.choice(AGE_BANDS),
                member_since=date(1970, 1, 1) + timedelta(days=rng.randrange(20000)) if rng.random() < 0.95 else None,
                last_contact=date(2024, 1, 1) + timedelta(days=rng.randrange(700)) if rng.random() < 0.5 else None,
                last_outcome_code=rng.choice(CODES),
                language=rng.choice(("fi", "fi", "sv", "other")),
                note="call back after 3.12." if rng.random() < 0.1 else "",
            )
            for index in range(min(ROWS_PER_SHEET, members - start))
        ]
        sheets.append(PrintedSheet(start // ROWS_PER_SHEET + 1, "Kaisa Kähkönen", "+358 50 987 6543", rows))
    questions = [
        PrintedQuestion(1, "Will you vote in the municipal elections?", "yes_no"),
        PrintedQuestion(2, "Is your e-mail address still right?", "check_email"),
        PrintedQuestion(3, "What would you like to do?", "interests", ("Leaflets", "Calling", "Events", "Writing")),
    ]
    return CallSheetPrintout(
        district="Pohjanmaan piiri",
        campaign="Member calls, autumn 2026",
        language="fi",
        intro="Hello, this is … from your local branch.",
        questions=questions,
        closing="Thank you!",
        sheets=sheets,
        total_sheets=len(sheets),
        printed_at=datetime(2026, 11, 26, 12, 0, tzinfo=UTC),
        return_by=date(2027, 2, 28),
        contact="Anna Ombud, 040 555 1234",
    )


def _row_strings(row: PrintedRow, language: str) -> list[tuple[str, float, str]]:
    """The strings of a row as the sheets draw them: (font, size, text)."""
    strings = [
        (SANS_BOLD, 15.0, str(row.row)),
        (SANS_BOLD, 13.0, row.name),
        (SANS, 8.5, row.branch),
        (SANS, 8.5, row.age_band),
        (SANS, 8.5, format_day(row.member_since, language)),
        (SANS, 8.5, format_day(row.last_contact, language)),
        (SANS_BOLD, 8.5, row.last_outcome_code),
        (SANS, 8.5, row.language),
        (SANS, 8.5, row.note),
    ]
    strings.extend((MONO, 12.0, phone) for phone in row.phones)
    return [entry for entry in strings if entry[2]]


def raw_canvas(
    printout: CallSheetPrintout, prepared: list[list[list[tuple[str, float, str]]]], compress: bool
) -> bytes:
    """Draw the prepared strings of every row at fixed positions, on as many pages as the sheets take."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, pageCompression=1 if compress else 0)
    rows_per_page = sheet_layout(printout.questions, printout.language).rows_per_page
    for sheet in prepared:
        first = 0
        for count in page_row_counts(len(sheet), rows_per_page):
            for slot, strings in enumerate(sheet[first : first + count]):
                top = 780 - slot * 140
                for index, (font, size, text) in enumerate(strings):
                    canvas.setFont(font, size)
                    canvas.drawString(50 + (index % 4) * 120, top - (index // 4) * 16, text)
            canvas.showPage()
            first += count
    canvas.save()
    return buffer.getvalue()


def run() -> None:
    register_fonts()
    printout = synthetic_printout()
    prepared = [[_row_strings(row, printout.language) for row in sheet.rows] for sheet in printout.sheets]
    raw_times: list[float] = []
    build_times: list[float] = []
    plain_times: list[float] = []
    pdf = b""
    plain = b""
    for _round in range(ROUNDS):  # alternated, so that both see the same state of the machine
        with timer() as elapsed:
            raw_canvas(printout, prepared, compress=True)
        raw_times.append(elapsed())
        with timer() as elapsed:
            pdf = build_call_sheets(printout)
        build_times.append(elapsed())
    with timer() as elapsed:
        plain = build_call_sheets(printout, compress=False)
    plain_times.append(elapsed())
    pages = pdf.count(b"/Type /Page\n") or pdf.count(b"/Type /Page ")
    build, raw = median(build_times), median(raw_times)
    report(
        f"Call sheets, {MEMBERS:,} members on {len(printout.sheets):,} sheets",
        [
            Figure("call sheets PDF (cover + sheets, compressed), median", build, "s", "target ≤ 15 s"),
            Figure("raw canvas, the same rows' strings at fixed positions, median", raw, "s"),
            Figure("ratio call sheets / raw canvas", build / raw, "×", "target ≤ 3×"),
            Figure("call sheets PDF without page compression", plain_times[0], "s"),
            Figure("pages", pages, ""),
            Figure("PDF size, compressed", len(pdf) / 1_000_000, "MB"),
            Figure("PDF size, uncompressed", len(plain) / 1_000_000, "MB"),
        ],
    )


if __name__ == "__main__":
    run()
