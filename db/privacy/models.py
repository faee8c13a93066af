"""What the program records about its own handling of personal data: exports and printouts, and privacy events.

Both are local to this database (not synced): they are the district's own accountability records (GDPR Art. 5(2)),
shown in the Privacy view and included in a person's access request ("exports that included them").
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.core.base import Base


class ExportLogEntry(Base):
    """One export or printout that carried personal data: what, when, for whom, how many people."""

    __tablename__ = "export_log"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(40))
    description: Mapped[str]
    people: Mapped[int]
    recipient: Mapped[str | None] = mapped_column(String(200), default=None)
    file_name: Mapped[str | None] = mapped_column(String(260), default=None)


class ExportLogMember(Base):
    """A person included in a logged export (so an access request can list the exports that included them)."""

    __tablename__ = "export_log_member"
    __table_args__ = (Index("ix_export_log_member_member", "member_id"),)

    export_id: Mapped[int] = mapped_column(ForeignKey("export_log.id"), primary_key=True)
    member_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)


class PrivacyEvent(Base):
    """A privacy action taken: an erasure, a purge run, an access request answered, a retention rule changed."""

    __tablename__ = "privacy_event"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(30))
    description: Mapped[str]
    people: Mapped[int] = mapped_column(default=0)
