"""Sheets of address labels: the common A4 layouts, and the district's choice kept as a setting.

A layout gives the size of a label, how many fit across and down, and where the first one begins; labels that fill
the sheet to its edges (3 × 8 of 70 × 37 mm) have no gaps, others (Avery L7160) have margins and gaps. Printers
rarely place a page to the millimetre, so the setting also holds an offset that moves everything; a test sheet
that outlines the labels (``reports.newsletters.build_label_test_sheet``) shows what to set.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlalchemy.orm import Session

from db.core.errors import ValidationError
from db.core.i18n import _
from db.core.settings import read_setting, write_setting

SETTING_KEY = "newsletters.labels"
A4_WIDTH_MM = 210.0
A4_HEIGHT_MM = 297.0


@dataclass(frozen=True)
class LabelLayout:
    """Where the labels are on an A4 sheet, in millimetres from its top left corner."""

    key: str
    columns: int
    rows: int
    width: float
    height: float
    left: float  # the left edge of the first column
    top: float  # the top edge of the first row
    gap_x: float = 0.0  # between two columns
    gap_y: float = 0.0  # between two rows

    @property
    def per_sheet(self) -> int:
        return self.columns * self.rows

    @property
    def title(self) -> str:
        """How the layout is named in a choice: "3 × 8, 70 × 37 mm"."""
        return f"{self.columns} × {self.rows}, {_mm(self.width)} × {_mm(self.height)} mm"

    def position(self, index: int) -> tuple[float, float]:
        """The top left corner (mm from the sheet's top left) of label ``index`` on its sheet, filled row by row."""
        row, column = divmod(index % self.per_sheet, self.columns)
        return self.left + column * (self.width + self.gap_x), self.top + row * (self.height + self.gap_y)

    def check(self) -> LabelLayout:
        """Refuse a layout that does not fit on A4."""
        if self.columns < 1 or self.rows < 1 or self.width <= 0 or self.height <= 0:
            raise ValidationError("layout", _("A label sheet has at least one label of some size."))
        right = self.left + self.columns * self.width + (self.columns - 1) * self.gap_x
        bottom = self.top + self.rows * self.height + (self.rows - 1) * self.gap_y
        if self.left < 0 or self.top < 0 or right > A4_WIDTH_MM + 0.5 or bottom > A4_HEIGHT_MM + 0.5:
            raise ValidationError("layout", _("The labels do not fit on an A4 sheet."))
        return self


def _mm(value: float) -> str:
    return f"{value:g}"


def _centred(
    key: str, columns: int, rows: int, width: float, height: float, gap_x: float = 0, gap_y: float = 0
) -> LabelLayout:
    left = (A4_WIDTH_MM - columns * width - (columns - 1) * gap_x) / 2
    top = (A4_HEIGHT_MM - rows * height - (rows - 1) * gap_y) / 2
    return LabelLayout(key, columns, rows, width, height, round(left, 2), round(top, 2), gap_x, gap_y)


# The common sheets sold in Finland and Sweden (the same sizes are sold under several makes).
LAYOUTS: dict[str, LabelLayout] = {
    layout.key: layout
    for layout in (
        _centred("3x8-70x37", 3, 8, 70, 37),  # 24 a sheet, edge to edge (Avery Zweckform 3474)
        _centred("3x7-70x42.3", 3, 7, 70, 42.3),  # 21 a sheet, edge to edge (Avery Zweckform 3652)
        _centred("2x8-105x37", 2, 8, 105, 37),  # 16 a sheet, edge to edge (Avery Zweckform 3484)
        _centred("3x8-70x36", 3, 8, 70, 36),  # 24 a sheet, 4.5 mm margins above and below (Avery Zweckform 3475)
        _centred("3x7-63.5x38.1", 3, 7, 63.5, 38.1, gap_x=2.5),  # 21 a sheet with gaps (Avery L7160)
    )
}
DEFAULT_LAYOUT = "3x8-70x37"


@dataclass(frozen=True)
class LabelSettings:
    """The district's label sheet: a layout from :data:`LAYOUTS` and the printer's offset in millimetres.

    ``offset_x`` moves everything right (negative: left) and ``offset_y`` down (negative: up).
    """

    layout: str = DEFAULT_LAYOUT
    offset_x: float = 0.0
    offset_y: float = 0.0

    def chosen_layout(self) -> LabelLayout:
        """The layout with the offset applied."""
        base = LAYOUTS.get(self.layout, LAYOUTS[DEFAULT_LAYOUT])
        return replace(base, left=base.left + self.offset_x, top=base.top + self.offset_y)


MAX_OFFSET_MM = 10.0


def read_label_settings(session: Session) -> LabelSettings:
    """The district's label settings (the default sheet when it never chose one)."""
    stored: Any = read_setting(session, SETTING_KEY, {})
    if not isinstance(stored, dict):
        return LabelSettings()
    layout = stored.get("layout")
    values: dict[str, Any] = {"layout": layout if layout in LAYOUTS else DEFAULT_LAYOUT}
    for name in ("offset_x", "offset_y"):
        value = stored.get(name)
        if isinstance(value, int | float) and abs(value) <= MAX_OFFSET_MM:
            values[name] = float(value)
    return LabelSettings(**values)


def write_label_settings(session: Session, settings: LabelSettings) -> None:
    """Keep the district's label settings.

    Raises:
        ValidationError: for a layout not in :data:`LAYOUTS` or an offset over 10 mm.
    """
    if settings.layout not in LAYOUTS:
        raise ValidationError("layout", _("Choose one of the label sheets offered."))
    if abs(settings.offset_x) > MAX_OFFSET_MM or abs(settings.offset_y) > MAX_OFFSET_MM:
        raise ValidationError("offset", _("The printer's offset is at most 10 mm."))
    write_setting(session, SETTING_KEY, asdict(settings))
