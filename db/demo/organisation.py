"""The organisation of the demo district: branches, the district's bodies and the branch boards, with positions.

Row counts are small (tens of branches, a few hundred positions), so the ordinary operations of
``db.branches.operations`` are used: they check what they are given, and so check the demo too.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.orm import Session

from db.branches.models import BodyKind, BranchLanguage, BranchStatus, PositionRole
from db.branches.operations import BodyData, BranchData, PositionData, add_position, create_body, create_branch
from db.core.text import fold
from db.demo.people import Person
from db.demo.vocabulary import BranchPlan
from db.members.models import MembershipKind

_DISTRICT_BODIES = (
    ("Piirihallitus – Distriktsstyrelsen", BodyKind.DISTRICT_BOARD),
    ("Työvaliokunta – Verkställande utskottet", BodyKind.EXECUTIVE_COMMITTEE),
    ("Vaalitoimikunta – Valberedningen", BodyKind.NOMINATION_COMMITTEE),
    ("Jäsenlehden toimituskunta – Medlemstidningens redaktionsråd", BodyKind.EDITORIAL_COMMITTEE),
    ("Vaalityöryhmä – Valarbetsgruppen", BodyKind.WORKING_GROUP),
    ("Jäsenhankinta- ja kummityöryhmä – Arbetsgruppen för rekrytering och faddrar", BodyKind.WORKING_GROUP),
)
_RESPONSIBLE_ROLES = (
    PositionRole.EVENTS_OFFICER,
    PositionRole.RECRUITMENT_OFFICER,
    PositionRole.COMMUNICATIONS_OFFICER,
    PositionRole.VOLUNTEER_COORDINATOR,
)
_DORMANT_NOTE = {
    "fi": "Toiminta on hiljentynyt; piiritoimisto pitää yhteyttä jäseniin.",
    "sv": "Verksamheten har avstannat; distriktskansliet håller kontakt med medlemmarna.",
}


@dataclass(frozen=True)
class OrganisationCounts:
    bodies: int
    positions: int


def create_branches(
    session: Session, plans: Sequence[BranchPlan], district_code: str | None, rng: random.Random
) -> list[uuid.UUID]:
    """Create the branches of ``plans`` in order and return their ids."""
    prefix = district_code or "PIIRI"
    ids: list[uuid.UUID] = []
    for number, plan in enumerate(plans, start=1):
        email = None
        if rng.random() < 0.7:
            domain = "exempel.fi" if plan.language == "sv" else "esimerkki.fi"
            email = ".".join(fold(plan.name).replace("-", " ").split()) + "@" + domain
        notes = _DORMANT_NOTE[plan.language] if plan.status == BranchStatus.DORMANT else None
        ids.append(
            create_branch(
                session,
                BranchData(
                    name=plan.name,
                    municipality=plan.municipality,
                    kind=plan.kind,
                    status=plan.status,
                    central_id=f"{prefix}-{number:03d}",
                    email=email,
                    notes=notes,
                    language=BranchLanguage(plan.language),
                ),
            )
        )
    return ids


def second_saturday_of_may(year: int) -> date:
    """The day of the district's annual conference in the demo."""
    first = date(year, 5, 1)
    return first + timedelta(days=(5 - first.weekday()) % 7 + 7)


def district_term_start(today: date) -> date:
    """The first day of the district board's current two-year term (elected in May of an even year)."""
    year = today.year - today.year % 2
    while second_saturday_of_may(year) > today:
        year -= 2
    return second_saturday_of_may(year)


class OrganisationBuilder:
    """Chooses people for the district's bodies and the branch boards, and records their positions."""

    def __init__(
        self,
        session: Session,
        rng: random.Random,
        today: date,
        people: Sequence[Person],
        plans: Sequence[BranchPlan],
        branch_ids: Sequence[uuid.UUID],
    ) -> None:
        self.session = session
        self.rng = rng
        self.today = today
        self.plans = plans
        self.branch_ids = branch_ids
        self.bodies = 0
        self.positions = 0
        # Positions of trust go to members in good standing, of age, who joined before the term began.
        self._everyone: list[Person] = []
        self._by_branch: dict[int, list[Person]] = {}
        for person in people:
            age = person.age(today)
            if person.kind == MembershipKind.MEMBER and person.active_on(today) and (age is None or 16 <= age <= 85):
                self._everyone.append(person)
                self._by_branch.setdefault(person.branch, []).append(person)

    def build(self) -> OrganisationCounts:
        """Create every body and position; return how many."""
        self._district()
        for index, plan in enumerate(self.plans):
            if plan.status == BranchStatus.ACTIVE:
                self._branch_board(index, plan)
        return OrganisationCounts(self.bodies, self.positions)

    # -- helpers -------------------------------------------------------------------------------------------------

    def _body(self, name: str, kind: BodyKind, branch_id: uuid.UUID | None = None) -> uuid.UUID:
        self.bodies += 1
        return create_body(self.session, BodyData(name=name, kind=kind, branch_id=branch_id))

    def _position(
        self,
        person: Person,
        body_id: uuid.UUID,
        role: PositionRole,
        starts_on: date,
        ends_on: date | None = None,
        notes: str | None = None,
    ) -> None:
        # Nobody holds a position from before they joined.
        starts_on = max(starts_on, person.joined_on or starts_on)
        if ends_on is not None and ends_on < starts_on:
            return
        self.positions += 1
        add_position(
            self.session,
            PositionData(
                member_id=person.id, body_id=body_id, role=role, starts_on=starts_on, ends_on=ends_on, notes=notes
            ),
        )

    def _pick(self, pool: Sequence[Person], count: int, taken: set[uuid.UUID], before: date) -> list[Person]:
        """Draw up to ``count`` people of ``pool`` not in ``taken`` who joined before ``before``; mark them taken."""

        def eligible(person: Person) -> bool:
            return person.id not in taken and person.joined_on is not None and person.joined_on < before

        chosen: list[Person] = []
        # In a big register a few random draws find eligible people; listing them all would cost a pass over
        # every member for each of the hundreds of positions. Small pools are listed.
        if len(pool) > 20 * count:
            for _attempt in range(count * 20):
                person = pool[self.rng.randrange(len(pool))]
                if eligible(person):
                    chosen.append(person)
                    taken.add(person.id)
                    if len(chosen) == count:
                        return chosen
        candidates = [person for person in pool if eligible(person)]
        chosen.extend(self.rng.sample(candidates, min(count - len(chosen), len(candidates))))
        taken.update(person.id for person in chosen)
        return chosen

    # -- the district --------------------------------------------------------------------------------------------

    def _district(self) -> None:
        term = district_term_start(self.today)
        previous_term = second_saturday_of_may(term.year - 2)
        note = f"Piirikokous {term.year}"
        everyone = self._everyone
        ids = {kind: self._body(name, kind) for name, kind in _DISTRICT_BODIES if kind != BodyKind.WORKING_GROUP}
        groups = [self._body(name, kind) for name, kind in _DISTRICT_BODIES if kind == BodyKind.WORKING_GROUP]
        on_board: set[uuid.UUID] = set()
        board = ids[BodyKind.DISTRICT_BOARD]
        officers = self._pick(everyone, 4, on_board, term)
        roles = (PositionRole.CHAIR, PositionRole.VICE_CHAIR, PositionRole.SECRETARY, PositionRole.TREASURER)
        for person, role in zip(officers, roles, strict=False):
            self._position(person, board, role, term, notes=note)
        # Nine members; past the autumn one of them has left and been replaced by a by-election.
        left_on = term + timedelta(days=150)
        replaced = left_on < self.today
        for person in self._pick(everyone, 8 if replaced else 9, on_board, term):
            self._position(person, board, PositionRole.MEMBER, term, notes=note)
        for person in self._pick(everyone, 3, on_board, term):
            self._position(person, board, PositionRole.DEPUTY, term, notes=note)
        for person, why in zip(
            self._pick(everyone, 2, on_board, term),
            ("Nuorisojärjestön edustaja", "Valtuustoryhmän puheenjohtaja"),
            strict=False,
        ):
            self._position(person, board, PositionRole.ADJUNCT, term, notes=why)
        # History: the chair of the previous term, and the member who left mid-term and the one who came instead.
        for person in self._pick(everyone, 1, on_board, previous_term):
            self._position(person, board, PositionRole.CHAIR, previous_term, term - timedelta(days=1))
        if replaced:
            for person in self._pick(everyone, 1, on_board, term):
                self._position(person, board, PositionRole.MEMBER, term, left_on, notes=note)
            for person in self._pick(everyone, 1, on_board, left_on):
                self._position(person, board, PositionRole.MEMBER, left_on + timedelta(days=1), notes="Täydennysvaali")
        # The executive committee is drawn from the board; it is set up at the board's first meeting.
        committee_start = min(term + timedelta(days=14), self.today)
        committee = ids[BodyKind.EXECUTIVE_COMMITTEE]
        for person, role in zip(officers, roles, strict=False):
            if role != PositionRole.SECRETARY:
                self._position(person, committee, role, committee_start)
        others: set[uuid.UUID] = set(on_board)
        for body, size in ((ids[BodyKind.NOMINATION_COMMITTEE], 5), (ids[BodyKind.EDITORIAL_COMMITTEE], 4)):
            for number, person in enumerate(self._pick(everyone, size, others, term)):
                self._position(person, body, PositionRole.CONVENOR if number == 0 else PositionRole.MEMBER, term)
        for body, size in zip(groups, (6, 5), strict=True):
            for number, person in enumerate(self._pick(everyone, size, set(), committee_start)):
                role = PositionRole.CONVENOR if number == 0 else PositionRole.MEMBER
                self._position(person, body, role, committee_start)

    # -- the branches --------------------------------------------------------------------------------------------

    def _branch_board(self, index: int, plan: BranchPlan) -> None:
        rng, today = self.rng, self.today
        pool = self._by_branch.get(index, [])
        body = self._body(plan.board, BodyKind.BRANCH_BOARD, self.branch_ids[index])
        # Branch boards serve calendar years, elected at the autumn meeting.
        year_start = date(today.year, 1, 1)
        taken: set[uuid.UUID] = set()
        officers = [PositionRole.CHAIR, PositionRole.SECRETARY, PositionRole.TREASURER]
        if rng.random() < 0.5:
            officers.insert(1, PositionRole.VICE_CHAIR)
        for person, role in zip(self._pick(pool, len(officers), taken, year_start), officers, strict=False):
            # Officers often serve for years; a long-serving one started on an earlier first of January.
            first_year = max(today.year - rng.choice((0, 0, 0, 1, 2, 4, 7)), (person.joined_on or today).year + 1)
            self._position(person, body, role, date(min(first_year, today.year), 1, 1))
        for person in self._pick(pool, rng.randint(2, 5), taken, year_start):
            self._position(person, body, PositionRole.MEMBER, year_start)
        if rng.random() < 0.3:
            for person in self._pick(pool, 1, taken, date(today.year - 1, 1, 1)):
                last_year = date(today.year - 1, 1, 1)
                self._position(person, body, PositionRole.CHAIR, last_year, year_start - timedelta(days=1))
        if rng.random() < 0.6:
            # Responsible persons (events, recruitment, communication, volunteers) as DOMAIN.md asks for.
            responsible: set[uuid.UUID] = set()
            for role in _RESPONSIBLE_ROLES:
                if rng.random() < 0.7:
                    for person in self._pick(pool, 1, responsible, year_start):
                        self._position(person, body, role, year_start)
