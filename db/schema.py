"""Every mapped class, imported in one place so the metadata (and so the migrations) is complete."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from db.branches.models import Body, Branch, Position
from db.branches.work_models import (
    ChairsMeeting,
    ChairsMeetingAttendance,
    ContactLogEntry,
    MentorPair,
    OfficerNotification,
    RecruitmentAction,
    SurveyGrade,
)
from db.calling.models import Call, Caller, CallSheet, CallTask, Campaign, Question, SheetRow
from db.core.base import Base
from db.core.changelog import ChangeRecord, Operation, install_change_capture
from db.core.district import District, MetaEntry
from db.core.settings import Setting
from db.media.models import MediaItem, MediaItemOutlet, Outlet, OutletContact
from db.meetings.models import ActionItem, AgendaItem, Meeting, MeetingAttendee, MeetingScan, MeetingSettings
from db.members.member_index import install_member_index, refresh_for_today
from db.members.models import (
    Consent,
    ContactPoint,
    Household,
    Interest,
    Member,
    MemberInterest,
    MemberSearchEntry,
    Membership,
)
from db.members.saved_filters import SavedFilter
from db.newsletters.models import Article, BranchContribution, Issue, Publication
from db.privacy.models import ExportLogEntry, ExportLogMember, PrivacyEvent
from db.recognition.models import Recognition
from db.sync.models import SyncAlias, SyncConflict, SyncNode, SyncPackage, SyncPeer, SyncResend, SyncRow

metadata = Base.metadata


def install_session_hooks(factory: sessionmaker[Session]) -> None:
    """Install the hooks every session needs: the change log first, then the derived indexes."""
    install_change_capture(factory)
    install_member_index(factory)


def refresh_derived_data(session: Session) -> int:
    """Bring derived rows up to date on opening a database (e.g. memberships that ended since yesterday)."""
    return refresh_for_today(session)


__all__ = [
    "ActionItem",
    "AgendaItem",
    "Article",
    "Body",
    "Branch",
    "BranchContribution",
    "Call",
    "CallSheet",
    "CallTask",
    "Caller",
    "Campaign",
    "ChairsMeeting",
    "ChairsMeetingAttendance",
    "ChangeRecord",
    "Consent",
    "ContactLogEntry",
    "ContactPoint",
    "District",
    "ExportLogEntry",
    "ExportLogMember",
    "Household",
    "Interest",
    "Issue",
    "MediaItem",
    "MediaItemOutlet",
    "Meeting",
    "MeetingAttendee",
    "MeetingScan",
    "MeetingSettings",
    "Member",
    "MemberInterest",
    "MemberSearchEntry",
    "Membership",
    "MentorPair",
    "MetaEntry",
    "OfficerNotification",
    "Operation",
    "Outlet",
    "OutletContact",
    "Position",
    "PrivacyEvent",
    "Publication",
    "Question",
    "Recognition",
    "RecruitmentAction",
    "SavedFilter",
    "Setting",
    "SheetRow",
    "SurveyGrade",
    "SyncAlias",
    "SyncConflict",
    "SyncNode",
    "SyncPackage",
    "SyncPeer",
    "SyncResend",
    "SyncRow",
    "install_session_hooks",
    "metadata",
    "refresh_derived_data",
]
