"""Diplomas for a spring meeting (issue 7): 200 recognitions given, gathered from the database and drawn in every
design and orientation, against a raw ReportLab canvas drawing the same strings in the same run; and the
suggestions (membership jubilees, the volunteer shortlist) over the demo district.

The raw canvas draws each diploma's strings (name, reason, place and date, signers, number) at fixed positions with
the same fonts, one page each, with nothing else: no border, emblem, fitting or wrapping. Each round works on a
fresh copy of the demo file.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from db.core.database import open_database
from db.members.models import MemberSearchEntry
from db.recognition.models import RecognitionKind
from db.recognition.printout import Diploma, build_diploma_job
from db.recognition.records import RecognitionData, Signer
from db.recognition.register import give_recognition, list_recognitions
from db.recognition.suggestions import jubilee_suggestions, volunteer_shortlist
from reports.common import SANS, SERIF, SERIF_BOLD, SERIF_ITALIC, register_fonts
from reports.recognition import build_diplomas, design_count
from tests.bench.common import Figure, demo_database, median, report, timer

MEMBERS = int(os.environ.get("KANSLI_BENCH_RECOGNITION_MEMBERS", "10000"))
ROUNDS = int(os.environ.get("KANSLI_BENCH_RECOGNITION_ROUNDS", "3"))
DIPLOMAS = 200
OCCASION = "Bench: kevätkokous / vårmöte"
SIGNERS = (Signer("Marja-Leena Hämäläinen", "", "chair"), Signer("Björn Åkerlund", "", "secretary"))
REASONS = (
    "Lämmin kiitos pitkäaikaisesta ja uutterasta työstä osaston ja koko piirin hyväksi.",
    "Tack för många års arbete i föreningens styrelse och vid distriktets gemensamma evenemang.",
    "Kiitos kummina toimimisesta ja uusien jäsenten rinnalla kulkemisesta.",
)
KINDS = (RecognitionKind.THANK_YOU, RecognitionKind.JUBILEE, RecognitionKind.THANK_YOU, RecognitionKind.HONORARY_MEMBER)


def raw_canvas(diplomas: list[Diploma]) -> bytes:
    """Each diploma's strings at fixed positions, a page each: the floor of drawing them with ReportLab."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    for diploma in diplomas:
        canvas.setFont(SERIF_BOLD, 30)
        canvas.drawCentredString(297, 560, diploma.name)
        canvas.setFont(SERIF_ITALIC, 12)
        canvas.drawCentredString(297, 520, diploma.reason)
        canvas.setFont(SERIF, 11)
        canvas.drawCentredString(297, 250, f"{diploma.place}, {diploma.awarded_on.isoformat()}")
        for index, signer in enumerate(diploma.signers):
            canvas.drawCentredString(180 + index * 230, 150, signer.name)
        canvas.setFont(SANS, 7)
        canvas.drawRightString(540, 48, diploma.number)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _one_round(source: Path, key: object, today: date) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="kansli-bench-") as folder:
        path = Path(folder) / "recognition.db"
        shutil.copyfile(source, path)
        database = open_database(path, key)  # type: ignore[arg-type]
        try:
            with database.reading() as session:
                people = list(
                    session.execute(
                        select(MemberSearchEntry.member_id)
                        .where(MemberSearchEntry.ended_on.is_(None), MemberSearchEntry.joined_on.is_not(None))
                        .order_by(MemberSearchEntry.sort_key)
                        .limit(DIPLOMAS)
                    ).scalars()
                )
            with timer() as give_time, database.transaction("Bench: recognitions") as session:
                for index, member_id in enumerate(people):
                    kind = KINDS[index % len(KINDS)]
                    give_recognition(
                        session,
                        RecognitionData(
                            member_id,
                            kind,
                            date(today.year, 5, 9),
                            REASONS[index % len(REASONS)],
                            jubilee_years=25 if kind == RecognitionKind.JUBILEE else None,
                            occasion=OCCASION,
                            decision=f"DS 3/{today.year} § 7",
                            place="Vaasa",
                            signers=SIGNERS,
                        ),
                        allow_duplicate=True,
                    )
            with timer() as gather_time, database.reading() as session:
                job = build_diploma_job(session, list_recognitions(session, occasion=OCCASION))
            with timer() as jubilee_time, database.reading() as session:
                jubilees = jubilee_suggestions(session, today.year, today)
            with timer() as shortlist_time, database.reading() as session:
                shortlist = volunteer_shortlist(session, today.year, today)
        finally:
            database.close()
    figures: dict[str, float] = {
        "give": give_time(),
        "gather": gather_time(),
        "jubilees": jubilee_time(),
        "jubilee_count": len(jubilees),
        "shortlist": shortlist_time(),
        "shortlisted": len(shortlist),
        "diplomas": len(job.diplomas),
    }
    for number in range(1, design_count() + 1):
        for landscape in (False, True):
            with timer() as draw_time:
                pdf = build_diplomas(job.diplomas, design_number=number, landscape=landscape)
            figures[f"draw{number}{'L' if landscape else 'P'}"] = draw_time()
            figures[f"size{number}{'L' if landscape else 'P'}"] = len(pdf) / 1_000_000
    with timer() as raw_time:
        raw_canvas(job.diplomas)
    figures["raw"] = raw_time()
    return figures


def run() -> None:
    register_fonts()
    source, key = demo_database(MEMBERS)
    today = date.today()
    rounds = [_one_round(source, key, today) for _round in range(ROUNDS)]

    def middle(name: str) -> float:
        return median([result[name] for result in rounds])

    draws = [f"draw{number}{side}" for number in range(1, design_count() + 1) for side in "PL"]
    slowest = max(draws, key=middle)
    names = {1: "classic", 2: "modern", 3: "festive"}
    first = rounds[0]
    report(
        f"Diplomas: {first['diplomas']:,.0f} recognitions of one occasion in a demo district of {MEMBERS:,} people",
        [
            Figure(f"giving {DIPLOMAS} recognitions (numbered, duplicates checked), median", middle("give"), "s"),
            Figure("gathering the occasion's diplomas from the register, median", middle("gather"), "s"),
            *(
                Figure(
                    f"drawing {DIPLOMAS} diplomas, {names.get(int(draw[4]), draw[4])} "
                    f"{'portrait' if draw[5] == 'P' else 'landscape'}, median",
                    middle(draw),
                    "s",
                )
                for draw in draws
            ),
            Figure("gather + the slowest design", middle("gather") + middle(slowest), "s", "≤ 10 s"),
            Figure("raw canvas, the same strings at fixed positions, median", middle("raw"), "s"),
            Figure("ratio slowest design / raw canvas", middle(slowest) / middle("raw"), "×"),
            Figure(f"PDF size, {names[1]} portrait", first["size1P"], "MB"),
            Figure(f"PDF size, {names[3]} landscape", first["size3L"], "MB"),
            Figure(
                f"membership jubilees of {today.year} ({first['jubilee_count']:,.0f}), median", middle("jubilees"), "s"
            ),
            Figure("volunteer-of-the-year shortlist, median", middle("shortlist"), "s"),
        ],
    )


if __name__ == "__main__":
    run()
