"""Gathering the annual conference report for a period, section by section (see ``db.annual.shape``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.annual.activity import branches_section, calling_section, communication_section, meetings_section
from db.annual.members import members_section
from db.annual.shape import AnnualReport
from db.core.district import District
from db.core.errors import ValidationError
from db.core.i18n import _


def annual_report(session: Session, start: date, end: date) -> AnnualReport:
    """The report of the period ``start``–``end`` (both days included).

    Raises:
        ValidationError: the period ends before it starts, or is longer than ten years.
    """
    if end < start:
        raise ValidationError("end", _("The period ends before it starts."))
    if (end - start).days > 3660:
        raise ValidationError("end", _("A report covers at most ten years."))
    district = session.execute(select(District.name).where(District.deleted_at.is_(None))).scalar_one_or_none()
    sections = (
        members_section(session, start, end),
        branches_section(session, start, end),
        calling_section(session, start, end),
        meetings_section(session, start, end),
        communication_section(session, start, end),
    )
    return AnnualReport(district or "", start, end, sections)
