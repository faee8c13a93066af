"""Writing the invented people into the register through the logged bulk path.

Rows go in with :func:`db.core.changelog.insert_rows`, which fills the timestamps and defaults and logs every
row, as it does for an import, so the demo database looks exactly like one filled by
hand (undo aside: the demo is not undoable). Ids are made here so that rows can point at each other. People are
written in the order they joined, so a godparent (who joined earlier) is always in the table before the
new member who names them.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from db.core.base import new_id
from db.core.changelog import insert_rows
from db.demo.people import Contact, Household, Person
from db.demo.vocabulary import WeightedPool
from db.members.models import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    ContactKind,
    ContactPoint,
    Member,
    MemberInterest,
    MemberLanguage,
    Membership,
)
from db.members.models import Household as HouseholdRow

CHUNK = 5000
_CACHE_KIB = 256 * 1024
_GDPR_DAY = date(2018, 5, 25)
_REVOKE_METHODS = WeightedPool.of([(ConsentMethod.EMAIL, 4), (ConsentMethod.PHONE, 4), (ConsentMethod.WEB_FORM, 2)])
_RECENT_METHODS = WeightedPool.of(
    [(ConsentMethod.WEB_FORM, 65), (ConsentMethod.PAPER_FORM, 20), (ConsentMethod.IN_PERSON, 15)]
)
_INTEREST_COUNTS = WeightedPool.of([(0, 55), (1, 25), (2, 13), (3, 7)])
_INTEREST_WEIGHTS = {
    "events": 10,
    "election_work": 9,
    "leafleting": 8,
    "member_calling": 6,
    "social_media": 6,
    "canvassing": 5,
    "unions": 5,
    "studies": 4,
    "environment": 4,
    "member_paper": 3,
    "photography": 3,
    "godparent": 3,
    "fundraising": 3,
    "it": 2,
    "translation": 2,
    "international": 2,
    "youth": 1,
}


@contextmanager
def large_page_cache(session: Session) -> Iterator[None]:
    """Give the transaction's connection a page cache of 256 MiB until the transaction ends.

    SQLite's default cache (2 MiB) is far smaller than the tables and indexes a big demo fills, so pages go back
    and forth through the encryption; with the large cache writing and the search-index refresh at commit take
    about a fifth less time (50 000 people: 27–33 s of CPU instead of 32–35 s). The connection returns to the pool
    afterwards, so the old size is put back: right after the commit or rollback (while the session still holds
    the connection), or at once if the block fails.
    """
    raw = session.connection().connection.dbapi_connection
    assert raw is not None

    def set_cache(kib: int) -> int:
        cursor = raw.cursor()
        try:
            previous = int(cursor.execute("PRAGMA cache_size").fetchone()[0])
            cursor.execute(f"PRAGMA cache_size = {kib}")
            return previous
        finally:
            cursor.close()

    previous = set_cache(-_CACHE_KIB)  # negative: a size in KiB rather than in pages
    try:
        yield
    except BaseException:
        set_cache(previous)
        raise
    for moment in ("after_commit", "after_rollback"):
        event.listen(session, moment, lambda _session: set_cache(previous), once=True)


class RegisterWriter:
    """Turns people into rows of the register tables and writes them in chunks."""

    def __init__(self, session: Session, rng: random.Random, today: date, interest_ids: dict[str, uuid.UUID]) -> None:
        self.session = session
        self.rng = rng
        self.today = today
        known = [(code, weight) for code, weight in _INTEREST_WEIGHTS.items() if code in interest_ids]
        self._interest_ids = interest_ids
        self._interests = WeightedPool.of(known)
        young = [(code, weight * (8 if code in {"youth", "social_media"} else 1)) for code, weight in known]
        self._interests_young = WeightedPool.of(young)
        self.interest_rows = 0

    def write(
        self,
        people: list[Person],
        households: list[Household],
        branch_ids: list[uuid.UUID],
        progress: Callable[[int], None] | None = None,
    ) -> None:
        """Write households, then ``people`` in the order given, ``CHUNK`` at a time, reporting the count written.

        ``people`` must be in join order (:func:`db.demo.links.in_join_order`) so that godparents come first.
        """
        if households:
            insert_rows(self.session, HouseholdRow, [{"id": row.id, "label": row.label} for row in households])
        for start in range(0, len(people), CHUNK):
            self._write_chunk(people[start : start + CHUNK], branch_ids)
            if progress is not None:
                progress(min(start + CHUNK, len(people)))

    def _write_chunk(self, people: list[Person], branch_ids: list[uuid.UUID]) -> None:
        members: list[dict[str, Any]] = []
        contacts: list[dict[str, Any]] = []
        memberships: list[dict[str, Any]] = []
        consents: list[dict[str, Any]] = []
        interests: list[dict[str, Any]] = []
        for person in people:
            members.append(_member_row(person))
            for position, contact in enumerate(person.phones):
                contacts.append(_contact_row(person.id, ContactKind.PHONE, contact, position))
            for position, contact in enumerate(person.emails, start=len(person.phones)):
                contacts.append(_contact_row(person.id, ContactKind.EMAIL, contact, position))
            memberships.append(
                {
                    "id": new_id(),
                    "member_id": person.id,
                    "branch_id": branch_ids[person.branch],
                    "kind": person.kind,
                    "joined_on": person.joined_on,
                    "notice_received_on": person.notice_received_on,
                    "ended_on": person.ended_on,
                    "end_reason": person.end_reason,
                }
            )
            consents.extend(self._consents(person))
            interests.extend(self._interests_of(person))
        session = self.session
        insert_rows(session, Member, members)
        insert_rows(session, ContactPoint, contacts)
        insert_rows(session, Membership, memberships)
        insert_rows(session, Consent, consents)
        insert_rows(session, MemberInterest, interests)
        self.interest_rows += len(interests)

    # -- consents ------------------------------------------------------------------------------------------------

    def _consents(self, person: Person) -> list[dict[str, Any]]:
        """A plausible consent history: given when joining (or re-collected for the GDPR), sometimes revoked."""
        rng, today = self.rng, self.today
        start = person.joined_on or today - timedelta(days=rng.randint(0, 40))
        method = self._join_method(start)
        recorded_by = "Distriktskansliet" if person.language == MemberLanguage.SV else "Piiritoimisto"
        rows: list[dict[str, Any]] = []

        def record(purpose: ConsentPurpose, chance: float, revoke_chance: float) -> None:
            if rng.random() >= chance:
                return
            given_on, how = start, method
            if start < _GDPR_DAY <= today:
                # Older consents are those the district re-collected and imported when the GDPR came in.
                given_on, how = _GDPR_DAY, ConsentMethod.IMPORTED
            rows.append(_consent_row(person.id, purpose, True, given_on, how, recorded_by))
            if given_on < today and rng.random() < revoke_chance:
                revoked_on = date.fromordinal(rng.randint(given_on.toordinal() + 1, today.toordinal()))
                rows.append(_consent_row(person.id, purpose, False, revoked_on, _REVOKE_METHODS.pick(rng), recorded_by))

        if person.street:
            record(ConsentPurpose.POSTAL_PAPER, 0.6, 0.08)
        if person.emails:
            record(ConsentPurpose.EMAIL_NEWS, 0.7, 0.1)
        if person.phones:
            record(ConsentPurpose.PHONE_CALLS, 0.35, 0.05)
            record(ConsentPurpose.TEXT_MESSAGES, 0.12, 0.05)
        record(ConsentPurpose.PHOTOS, 0.06, 0.1)
        return rows

    def _join_method(self, start: date) -> ConsentMethod:
        if start.year < 2005:
            return ConsentMethod.PAPER_FORM
        if start.year < 2018:
            return ConsentMethod.PAPER_FORM if self.rng.random() < 0.5 else ConsentMethod.WEB_FORM
        return _RECENT_METHODS.pick(self.rng)

    # -- interests -----------------------------------------------------------------------------------------------

    def _interests_of(self, person: Person) -> list[dict[str, Any]]:
        if person.ended_on is not None and person.ended_on <= self.today:
            return []
        wanted = _INTEREST_COUNTS.pick(self.rng)
        if not wanted:
            return []
        age = person.age(self.today)
        pool = self._interests_young if age is not None and age < 30 else self._interests
        codes: list[str] = []
        for _attempt in range(wanted * 4):
            code = pool.pick(self.rng)
            if code not in codes:
                codes.append(code)
                if len(codes) == wanted:
                    break
        return [{"id": new_id(), "member_id": person.id, "interest_id": self._interest_ids[code]} for code in codes]


def _member_row(person: Person) -> dict[str, Any]:
    return {
        "id": person.id,
        "member_number": person.member_number,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_year": person.birth_year,
        "language": person.language,
        "street": person.street,
        "co_line": person.co_line,
        "postal_code": person.postal_code,
        "city": person.city,
        "address_country": person.address_country,
        "household_id": person.household_id,
        "godparent_id": person.godparent_id,
        "notes": person.notes,
    }


def _contact_row(member_id: uuid.UUID, kind: ContactKind, contact: Contact, position: int) -> dict[str, Any]:
    return {
        "id": new_id(),
        "member_id": member_id,
        "kind": kind,
        "value": contact.value,
        "valid": contact.valid,
        "do_not_use": contact.do_not_use,
        "position": position,
    }


def _consent_row(
    member_id: uuid.UUID,
    purpose: ConsentPurpose,
    given: bool,
    recorded_on: date,
    method: ConsentMethod,
    recorded_by: str,
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "member_id": member_id,
        "purpose": purpose,
        "given": given,
        "recorded_on": recorded_on,
        "method": method,
        "recorded_by": None if method == ConsentMethod.IMPORTED else recorded_by,
    }
