"""``kansli report annual`` as a user runs it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.cli.conftest import Result


def test_the_report_as_pdf_and_as_workbook(kansli: Callable[..., Result], keyed_database: Path, tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "report.pdf", tmp_path / "report.xlsx"
    for target in (pdf, xlsx):
        result = kansli("--db", keyed_database, "report", "annual", "--from", "1.1.2026", "--to", "31.12.2026",
                        "--language", "sv", "-o", target)  # fmt: skip
        assert result.code == 0, result.err
        assert str(target) in result.out
    assert "31.12.2026" in PdfReader(pdf).pages[0].extract_text()
    assert len(load_workbook(xlsx).sheetnames) == 6


def test_bad_input_is_refused_and_writes_nothing(
    kansli: Callable[..., Result], keyed_database: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / "report.pdf"
    for start, end, output in (
        ("31.12.2026", "1.1.2026", target),
        ("yesterday", "1.1.2026", target),
        ("1.1.2026", "31.12.2026", out / "report.docx"),
    ):
        result = kansli("--db", keyed_database, "report", "annual", "--from", start, "--to", end, "-o", output)
        assert result.code != 0 and result.err.startswith("kansli: ")
    assert not list(out.iterdir())
