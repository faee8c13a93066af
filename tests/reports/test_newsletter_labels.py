"""Address labels on A4 sheets: every line inside its own label, in order, sheets filled row by row; the test sheet."""

from __future__ import annotations

import io
import uuid
from dataclasses import replace

import pytest
from pypdf import PdfReader

from db.newsletters.households import AddressLabel, PostalPerson, group_households
from db.newsletters.labels import A4_HEIGHT_MM, LAYOUTS, LabelLayout, LabelSettings
from reports.common import SANS, text_width
from reports.newsletters import (
    PAD_LEFT,
    PAD_RIGHT,
    SIZE,
    SMALLEST,
    _fit,
    build_label_test_sheet,
    build_labels,
    mm,
    split_name,
)


def _labels(count: int) -> list[AddressLabel]:
    people = [
        PostalPerson(
            uuid.uuid4(),
            "Anna",
            f"Virtanen{index:03d}",
            "fi",
            None,
            f"Katu {index}",
            None,
            f"{65000 + index}",
            "Vaasa",
            None,
        )
        for index in range(count)
    ]
    return group_households(people, "FI", "fi")[0]


def _runs(pdf: bytes) -> list[list[tuple[str, float, float]]]:
    """Every piece of text on each page with where it starts (x, y in points)."""
    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        found: list[tuple[str, float, float]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float, found: list = found) -> None:
            if text.strip():
                found.append((text.strip(), tm[4] + cm[4], tm[5] + cm[5]))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


def _box(layout: LabelLayout, index: int) -> tuple[float, float, float, float]:
    left, top = layout.position(index)
    bottom = A4_HEIGHT_MM - top - layout.height
    return left * mm, bottom * mm, (left + layout.width) * mm, (bottom + layout.height) * mm


@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_every_line_is_inside_its_own_label_row_by_row(key: str) -> None:
    layout = LAYOUTS[key]
    labels = _labels(layout.per_sheet + 2)  # a full sheet and two on the next
    pages = _runs(build_labels(labels, layout, title="Labels", language="fi"))
    assert len(pages) == 2
    for index, label in enumerate(labels):
        page = pages[index // layout.per_sheet]
        left, bottom, right, top = _box(layout, index)
        placed = [(x, y) for text, x, y in page if text in label.lines]
        assert len(placed) == len(label.lines) == 3, label.lines
        for x, y in placed:
            assert x == pytest.approx(left + PAD_LEFT, abs=0.01)
            assert x < right and bottom + 2 < y < top - 6  # the baseline leaves room for the letters above it
        ys = [y for _text, _x, y in sorted((entry for entry in page if entry[0] in label.lines),
                                           key=lambda entry: label.lines.index(entry[0]))]  # fmt: skip
        assert ys == sorted(ys, reverse=True)  # name above street above postal code


def test_labels_follow_the_postal_codes_across_the_sheet() -> None:
    layout = LAYOUTS["3x8-70x37"]
    labels = _labels(5)
    (page,) = _runs(build_labels(list(reversed(labels)), layout, title="Labels", language="fi"))
    # build_labels prints in the order given; the order comes from the grouping, sorted by postal code.
    codes = [text.split()[0] for text, _x, _y in page if text.endswith("Vaasa")]
    assert codes == ["65004", "65003", "65002", "65001", "65000"]
    assert [label.postal_code for label in labels] == ["65000", "65001", "65002", "65003", "65004"]


def test_skipping_leaves_the_first_labels_empty_and_the_offset_moves_everything() -> None:
    layout = LAYOUTS["3x8-70x37"]
    labels = _labels(2)
    (page,) = _runs(build_labels(labels, layout, title="Labels", language="fi", skip=4))
    left, _bottom, _right, top = _box(layout, 4)  # the second row's middle label
    name_x, name_y = next((x, y) for text, x, y in page if text == labels[0].name)
    assert name_x == pytest.approx(left + PAD_LEFT) and name_y < top
    moved = LabelSettings(offset_x=2.0, offset_y=-1.5).chosen_layout()
    (shifted,) = _runs(build_labels(labels, moved, title="Labels", language="fi"))
    (plain,) = _runs(build_labels(labels, layout, title="Labels", language="fi"))
    (x1, y1), (x0, y0) = ((x, y) for text, x, y in (shifted[0], plain[0]))
    assert x1 - x0 == pytest.approx(2 * mm, abs=0.01) and y1 - y0 == pytest.approx(1.5 * mm, abs=0.01)


def test_a_long_household_name_breaks_at_its_conjunction_and_nothing_is_lost() -> None:
    width = LAYOUTS["3x8-70x37"].width * mm - 9 * mm
    assert split_name("Anna ja Matti Virtanen", width) == ["Anna ja Matti Virtanen"]
    assert split_name("Anna-Kaisa Virtanen-Korhonen ja Matti-Pekka Korhonen-Virtanen", width) == [
        "Anna-Kaisa Virtanen-Korhonen ja",
        "Matti-Pekka Korhonen-Virtanen",
    ]
    home = uuid.uuid4()
    people = [
        PostalPerson(
            uuid.uuid4(), first, last, "fi", home, "Kirkkokatu 1", "c/o Isännöitsijä Oy", "67100", "Kokkola", None
        )
        for first, last in (("Kristiina-Maria", "Haapakoski-Vähäkangas"), ("Bartholomew", "Wolfeschlegelstein"))
    ]
    labels = group_households(people, "FI", "fi")[0]
    (page,) = _runs(build_labels(labels, LAYOUTS["3x8-70x37"], title="Labels", language="fi"))
    text = " ".join(entry[0] for entry in page)
    assert "Bartholomew Wolfeschlegelstein ja" in text and "Kristiina-Maria Haapakoski-Vähäkangas" in text
    assert "…" not in text and "c/o Isännöitsijä Oy" in text and "67100 Kokkola" in text
    _left, bottom, _right, top = _box(LAYOUTS["3x8-70x37"], 0)
    assert all(bottom < y < top for _text, _x, y in page)


@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_a_line_that_fits_when_made_smaller_keeps_every_letter(key: str) -> None:
    # The size that just fits was once computed to a hair over the width, and the line lost its last word
    # ("Anna-Maria Virtanen-Korhonen ja" printed as "Anna-Maria Virtanen-Korhonen…").
    width = LAYOUTS[key].width * mm - PAD_LEFT - PAD_RIGHT
    lines = [
        "Anna-Maria Virtanen-Korhonen ja",
        "c/o Liisa-Kaarina Heikkinen-Hietala",
        "Kaiser-Wilhelm-Straße 1234 Hinterhaus",
        *(
            f"{'Pitkäniemen' * repeat}katu {number} B {number % 50}" + " A" * (number % 7)
            for repeat in range(1, 4)
            for number in range(1, 300)
        ),
    ]
    tried = 0
    for text in lines:
        if width < text_width(text, SANS, SIZE) and text_width(text, SANS, SMALLEST) <= width:
            tried += 1
            placed = _fit(text, width)
            assert placed.text == text and text_width(placed.text, SANS, placed.size) <= width
    assert tried > 20


def test_the_test_sheet_outlines_and_numbers_every_label() -> None:
    layout = LAYOUTS["3x7-63.5x38.1"]
    pdf = build_label_test_sheet(layout, "fi")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    (page,) = _runs(pdf)
    numbers = {text: (x, y) for text, x, y in page if text.isdigit()}
    assert sorted(numbers, key=int) == [str(number) for number in range(1, 22)]
    for index in range(layout.per_sheet):
        left, bottom, right, top = _box(layout, index)
        x, y = numbers[str(index + 1)]
        assert left < x < right and bottom < y < top
    # The outlines are drawn once as a form and placed on the page: one rounded rectangle per label.
    form = next(iter(reader.pages[0]["/Resources"]["/XObject"].values())).get_object()
    assert form.get_data().count(b" c") >= 4 * layout.per_sheet  # four rounded corners each
    assert "3 × 7, 63.5 × 38.1 mm" in " ".join(text for text, _x, _y in page)


def test_an_outlined_print_puts_the_outlines_under_every_sheet() -> None:
    layout = replace(LAYOUTS["2x8-105x37"])
    pdf = build_labels(_labels(20), layout, title="Labels", language="fi", outline=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    for page in reader.pages:
        assert b" Do" in page.get_contents().get_data()  # the outlines' form is placed on every page
    plain = PdfReader(io.BytesIO(build_labels(_labels(20), layout, title="Labels", language="fi")))
    assert "/XObject" not in plain.pages[0]["/Resources"]


@pytest.mark.parametrize("key", sorted(LAYOUTS))
def test_a_label_of_many_lines_stays_inside_its_label(key: str) -> None:
    # Eight lines at the normal size are taller than a 36 mm label: they once ran into the label below.
    layout = LAYOUTS[key]
    home = uuid.uuid4()
    people = [
        PostalPerson(uuid.uuid4(), first, last, "sv", home, "Storgatan 12", co, "11122", "Stockholm", "SE")
        for first, last, co in (
            ("Kristoffer-Alexander", "Åkerblom-Lindqvist", "c/o Andersson"),
            ("Ulrika-Charlotta", "Bengtsson-Wahlström", "c/o Bengtsson"),
            ("Maximilian", "von Hohenzollern-Sigmaringen", "c/o Carlsson"),
        )
    ]
    labels = group_households(people, "FI", "fi")[0]
    assert len(labels) == 1 and len(labels[0].lines) >= 7
    (page,) = _runs(build_labels(labels * (layout.columns + 1), layout, title="Labels", language="sv"))
    for index in range(layout.columns + 1):
        left, bottom, _right, top = _box(layout, index)
        inside = [y for _text, x, y in page if abs(x - (left + PAD_LEFT)) < 0.01 and bottom < y < top]
        assert len(inside) >= 7
        assert min(inside) > bottom + 1 and max(inside) < top - 6
    assert len(page) == (layout.columns + 1) * len(inside)  # every line of every label inside a label
