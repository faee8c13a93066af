"""The answer to an access request on paper, and the pair of files handed to the person (JSON and PDF).

:func:`build_access_pdf` prints an :class:`db.privacy.access.AccessReport` in Finnish, Swedish or English: a heading
per section, a table per kind of record, the date of the request and the district's name on the first page, and
on every page a footer saying what the document is. :func:`write_access_request` writes it next to the complete
machine-readable JSON file, each atomically (a temporary file renamed into place), so a failure leaves neither a
half-written file nor one without the other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from db.branches.models import BODY_KIND_LABELS, POSITION_ROLE_LABELS, BodyKind, PositionRole
from db.core.files import cannot_write, write_file_atomically
from db.core.i18n import format_day, format_moment, label_text, translator
from db.core.values import JsonValue
from db.members.history import CONTACT_KIND_LABELS, FIELD_LABELS
from db.members.models import (
    CONSENT_METHOD_LABELS,
    CONSENT_PURPOSE_LABELS,
    END_REASON_LABELS,
    MEMBER_LANGUAGE_LABELS,
    MEMBERSHIP_KIND_LABELS,
    ConsentMethod,
    ConsentPurpose,
    ContactKind,
    EndReason,
    MemberLanguage,
    MembershipKind,
)
from db.members.validation import display_phone
from db.privacy.access import RECORD_TITLES, AccessReport, HeldRow, access_json
from db.privacy.export_log import EXPORT_KIND_LABELS
from reports.common import SANS_BOLD, build_document, gettext_for, ruled_table, styles

_PERSON_FIELDS = (
    "first_name",
    "last_name",
    "member_number",
    "birth_year",
    "language",
    "street",
    "co_line",
    "postal_code",
    "city",
    "address_country",
    "notes",
)


def _day(value: JsonValue, language: str) -> str:
    return format_day(date.fromisoformat(str(value)), language) if value else ""


def _moment(value: JsonValue | datetime, language: str) -> str:
    if not value:
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return format_moment(moment, language)


def _label(labels: dict[Any, str], enum_class: Callable[[Any], Any], value: JsonValue, _: Callable[[str], str]) -> str:
    """The translated label of a stored enumeration value (the value itself if the program no longer knows it)."""
    if value is None:
        return ""
    try:
        return _(labels[enum_class(value)])
    except (ValueError, KeyError):
        return str(value)


class _Printer:
    """Builds the story of the PDF in one language."""

    def __init__(self, report: AccessReport, language: str) -> None:
        self.report = report
        self.language = language
        self._ = gettext_for(language)
        self.ngettext = translator(language).ngettext
        self.style = styles()
        self.cell = self.style.body.clone("access-cell", fontSize=8.5, leading=10.5)
        self.head = self.cell.clone("access-head", fontName=SANS_BOLD)
        # A heading never ends a page on its own: it goes over with the table it names.
        self.section = self.style.heading.clone("access-section", keepWithNext=1)
        self.story: list[Any] = []

    # ------------------------------------------------------------------------------------------ building blocks
    def heading(self, text: str) -> None:
        self.story.append(Paragraph(escape(text), self.section))

    def paragraph(self, text: str) -> None:
        self.story.append(Paragraph(escape(text), self.style.body))

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]) -> None:
        """A table of ``rows`` under ``header``, or the words "None recorded." when there are none."""
        if not rows:
            self.paragraph(self._("None recorded."))
            return
        self.story.append(ruled_table(header, rows, [width * mm for width in widths], self.cell))

    def removed(self, row: HeldRow, text: str) -> str:
        return f"{text} ({self._('removed')})" if row.deleted else text

    # ----------------------------------------------------------------------------------------------- sections
    def opening(self) -> None:
        _ = self._
        report = self.report
        self.story.append(Paragraph(escape(_("Access request: the data we hold about you")), self.style.title))
        facts = [
            [_("District"), report.district],
            [_("Person"), report.full_name],
            [_("Member number"), report.member_number or ""],
            [_("Date of the request"), format_day(report.request_date, self.language)],
            [_("Prepared"), _moment(report.prepared_at, self.language)],
        ]
        table = Table(
            [[Paragraph(escape(key), self.head), Paragraph(escape(value), self.cell)] for key, value in facts],
            colWidths=[45 * mm, 125 * mm],
        )
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        self.story += [table, Spacer(1, 3 * mm)]
        self.paragraph(
            _(
                "This document lists all the personal data {district} holds about you in its member register, "
                "including records marked as removed and the history of changes. The same data is in the "
                "accompanying JSON file in a machine-readable form."
            ).format(district=report.district)
        )

    def person(self) -> None:
        _ = self._
        self.heading(_("Personal details"))
        values = self.report.person.values
        rows = []
        for key in _PERSON_FIELDS:
            value = values.get(key)
            if key == "language":
                text = _label(MEMBER_LANGUAGE_LABELS, MemberLanguage, value, _)
            else:
                text = "" if value is None else str(value)
            rows.append([_(FIELD_LABELS[("member", key)]), text])
        rows.append([_("In the register since"), _moment(values.get("created_at"), self.language)])
        self.table([_("Field"), _("Value")], rows, [45, 125])
        if self.report.merged_records:
            self.heading(_("Earlier records of you merged into this one"))
            merged = [
                [
                    f"{row.values.get('first_name')} {row.values.get('last_name')}",
                    str(row.values.get("member_number") or ""),
                ]
                for row in self.report.merged_records
            ]
            self.table([_("Name"), _("Member number")], merged, [110, 60])

    def contacts(self) -> None:
        _ = self._
        self.heading(_("Contact details"))
        rows = []
        for row in self.report.contacts:
            kind = row.values.get("kind")
            value = str(row.values.get("value") or "")
            if kind == ContactKind.PHONE.value and value:
                value = display_phone(value)
            usable = _("Yes") if row.values.get("valid") and not row.values.get("do_not_use") else _("No")
            rows.append([self.removed(row, _label(CONTACT_KIND_LABELS, ContactKind, kind, _)), value, usable])
        self.table([_("Kind"), _("Phone or e-mail"), _("May be used")], rows, [40, 100, 30])

    def memberships(self) -> None:
        _ = self._
        self.heading(_("Memberships"))
        rows = [
            [
                self.removed(row, row.names.get("branch", "")),
                _label(MEMBERSHIP_KIND_LABELS, MembershipKind, row.values.get("kind"), _),
                _day(row.values.get("joined_on"), self.language),
                _day(row.values.get("notice_received_on"), self.language),
                _day(row.values.get("ended_on"), self.language),
                _label(END_REASON_LABELS, EndReason, row.values.get("end_reason"), _),
            ]
            for row in self.report.memberships
        ]
        header = [_("Branch"), _("Kind"), _("Joined"), _("Notice received"), _("Ended"), _("End reason")]
        self.table(header, rows, [48, 22, 22, 24, 22, 32])

    def consents(self) -> None:
        _ = self._
        self.heading(_("Consents"))
        rows = [
            [
                _day(row.values.get("recorded_on"), self.language),
                self.removed(row, _label(CONSENT_PURPOSE_LABELS, ConsentPurpose, row.values.get("purpose"), _)),
                _("Given") if row.values.get("given") else _("Revoked"),
                _label(CONSENT_METHOD_LABELS, ConsentMethod, row.values.get("method"), _),
                str(row.values.get("recorded_by") or ""),
                str(row.values.get("notes") or ""),
            ]
            for row in self.report.consents
        ]
        header = [_("Date"), _("Purpose"), _("Consent"), _("Method"), _("Recorded by"), _("Notes")]
        self.table(header, rows, [23, 38, 21, 24, 27, 37])

    def interests(self) -> None:
        _ = self._
        self.heading(_("Volunteer interests"))
        rows = [[self.removed(row, row.names.get(f"interest_{self.language}", ""))] for row in self.report.interests]
        self.table([_("Volunteer interest")], rows, [170])

    def positions(self) -> None:
        _ = self._
        self.heading(_("Positions of trust"))
        rows = []
        for row in self.report.positions:
            term = (
                _day(row.values.get("starts_on"), self.language)
                + " – "
                + _day(row.values.get("ends_on"), self.language)
            )
            body = row.names.get("body", "")
            if row.names.get("body_kind"):
                body += f" ({_label(BODY_KIND_LABELS, BodyKind, row.names['body_kind'], _)})"
            role = _label(POSITION_ROLE_LABELS, PositionRole, row.values.get("role"), _)
            rows.append([self.removed(row, body), role, term, str(row.values.get("notes") or "")])
        self.table([_("Body"), _("Role"), _("Term"), _("Notes")], rows, [55, 35, 40, 40])

    def household(self) -> None:
        _ = self._
        report = self.report
        self.heading(_("Household and godparent"))
        rows = []
        if report.household is not None:
            label = str(report.household.values.get("label") or "")
            count = report.household_others
            others = self.ngettext(
                "shared with {count} other person in the register",
                "shared with {count} other people in the register",
                count,
            ).format(count=count)
            rows.append([_("Household"), f"{label} ({others})" if label else others])
        if report.godparent:
            rows.append([_("Godparent"), report.godparent])
        if report.godparent_of:
            count = report.godparent_of
            rows.append(
                [_("Godparent of"), self.ngettext("{count} member", "{count} members", count).format(count=count)]
            )
        self.table([_("Link"), _("Details")], rows, [45, 125])

    def other_records(self) -> None:
        _ = self._
        self.heading(_("Other records"))
        rows = []
        readable = self.report.other_details.get(self.language, {})
        for table, held in sorted(self.report.other_records.items()):
            described = readable.get(table, [])
            for index, row in enumerate(held):
                pairs = described[index] if index < len(described) else []
                details = "; ".join(f"{name}: {value}" for name, value in pairs)
                title = self._(RECORD_TITLES[table]) if table in RECORD_TITLES else table.replace("_", " ")
                rows.append([self.removed(row, title), details])
        self.table([_("Record"), _("Details")], rows, [40, 130])

    def history(self) -> None:
        _ = self._
        self.heading(_("History of changes"))
        rows = [
            [_moment(entry.when, self.language), entry.label, entry.summary]
            for entry in self.report.history.get(self.language, [])
        ]
        self.table([_("When"), _("Action"), _("Change")], rows, [30, 40, 100])

    def exports(self) -> None:
        _ = self._
        self.heading(_("Exports and printouts that included you"))
        rows = [
            [
                _moment(export.at, self.language),
                _(EXPORT_KIND_LABELS[export.kind]),
                label_text(export.description, self.language),
                label_text(export.recipient or "", self.language),
            ]
            for export in self.report.exports
        ]
        self.table([_("When"), _("What"), _("Description"), _("For whom")], rows, [30, 45, 60, 35])


def build_access_pdf(report: AccessReport, language: str) -> bytes:
    """Return the readable answer to an access request as PDF bytes, in ``language`` (fi, sv or en)."""
    printer = _Printer(report, language)
    printer.opening()
    printer.person()
    printer.contacts()
    printer.memberships()
    printer.consents()
    printer.interests()
    printer.positions()
    printer.household()
    printer.other_records()
    printer.history()
    printer.exports()
    _ = printer._
    footer = _("Confidential: the personal data of {name}, prepared by {district} on {date}.").format(
        name=report.full_name, district=report.district, date=format_day(report.request_date, language)
    )
    return build_document(
        printer.story, title=_("Access request: the data we hold about you"), language=language, footer=footer
    )


def access_file_stem(report: AccessReport) -> str:
    """The name both files share: ``access-request-<number>-<date>`` (only letters, digits and hyphens)."""
    reference = report.member_number or str(report.member_id)[:8]
    return f"access-request-{re.sub(r'[^A-Za-z0-9-]+', '-', reference)}-{report.request_date.isoformat()}"


def write_access_request(report: AccessReport, directory: Path, language: str) -> tuple[Path, Path]:
    """Write the JSON file and the PDF of an access request into ``directory``; return their paths.

    Both are built in memory first, then each is written to a temporary file and renamed into place; if the second
    cannot be written, the first is removed again, so the person never gets one without the other.

    Raises:
        KansliError: when the folder cannot be created or written to.
    """
    content = json.dumps(access_json(report), ensure_ascii=False, indent=2).encode("utf-8")
    pdf = build_access_pdf(report, language)
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise cannot_write(directory, error) from None
    stem = access_file_stem(report)
    json_path, pdf_path = directory / f"{stem}.json", directory / f"{stem}.pdf"
    write_file_atomically(json_path, content)
    try:
        write_file_atomically(pdf_path, pdf)
    except BaseException:
        json_path.unlink(missing_ok=True)
        raise
    return json_path, pdf_path
