"""Filling a new database with the demo district: for trying the program out, teaching, and the benchmarks.

The demo is deterministic for a seed (``random.Random(seed)`` is the only source of chance, and the date is a
parameter), so two databases made with the same seed hold the same people; only the row ids differ, since the
change-capture hook makes those. Everything is written in one transaction with origin ``demo``: it is all there
or none of it is, and undo does not offer to take it back.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from db.branches.models import Branch
from db.core.changelog import Origin
from db.core.collection import cycle_collection_paused
from db.core.database import Database
from db.core.district import Country, DistrictSettings, Language, get_district
from db.core.errors import KansliError
from db.core.i18n import N_, Label, _
from db.demo.branch_work import build_branch_work
from db.demo.calling import build_calling_demo
from db.demo.links import assign_godparents, assign_member_numbers, in_join_order
from db.demo.media import build_media_demo
from db.demo.meetings import build_meetings_demo
from db.demo.organisation import OrganisationBuilder, create_branches
from db.demo.people import PeopleGenerator
from db.demo.recognition import build_recognition_demo
from db.demo.register import RegisterWriter, large_page_cache
from db.demo.vocabulary import vocabulary
from db.members.interests import interest_ids_by_code, seed_default_interests
from db.members.models import Member, MembershipKind

DEMO_DISTRICT = DistrictSettings("Pohjanmaan piiri – Österbottens distrikt", "POH", Country.FI, Language.FI)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class DemoSummary:
    """What the demo created.

    ``members`` and ``supporters`` count people by the kind of their membership, whatever its status; ``ended``
    counts those whose membership has ended by ``today`` (the deceased among them); ``applicants`` those not yet
    accepted; ``interests`` the volunteer interests chosen.
    """

    branches: int
    members: int
    supporters: int
    ended: int
    bodies: int
    positions: int
    applicants: int = 0
    households: int = 0
    interests: int = 0


def generate_demo(
    database: Database,
    *,
    members: int = 2000,
    seed: int = 1,
    progress: Progress | None = None,
    today: date | None = None,
) -> DemoSummary:
    """Fill a newly created, empty database with an invented district of ``members`` people.

    Args:
        database: an open database, just created (``create_database``), e.g. for :data:`DEMO_DISTRICT`.
        members: how many people (members and supporters, current and former) to invent.
        seed: the seed of the random choices; the same seed gives the same people.
        progress: called with (done, total) as people are written; the last step, committing and indexing the
            names for search, is reported as the remaining tenth.
        today: the date the demo is made for (join dates, terms and consents lie before it).

    Raises:
        KansliError: the database already holds members or branches (the demo never mixes with real data).
    """
    if members < 0:
        raise ValueError("members must not be negative")
    today = today or date.today()
    rng = random.Random(seed)
    words = vocabulary()
    plans = list(words.branches)
    # Committing refreshes the search index of every new member (db.members.search); it is given a tenth.
    total = members + max(1, members // 10)

    def report(done: int) -> None:
        if progress is not None:
            progress(done, total)

    with cycle_collection_paused(), database.transaction(Label(N_("Create demo district")), Origin.DEMO) as session:
        existing = session.execute(select(func.count()).select_from(Member)).scalar_one()
        existing += session.execute(select(func.count()).select_from(Branch)).scalar_one()
        if existing:
            raise KansliError(_("The demo district can only be made in a new, empty database."))
        district = get_district(session)
        seed_default_interests(session)
        branch_ids = create_branches(session, plans, district.code, rng)
        generator = PeopleGenerator(rng, words, plans, today)
        people = in_join_order(generator.generate(members))
        assign_member_numbers(people, rng)
        assign_godparents(people, rng, today)
        writer = RegisterWriter(session, rng, today, interest_ids_by_code(session))
        with large_page_cache(session):
            writer.write(people, generator.households, branch_ids, report)
            counts = OrganisationBuilder(session, rng, today, people, plans, branch_ids).build()
            build_branch_work(session, rng, today, plans, branch_ids)
            report(members)
    # The queue reads the members' derived rows, written at the commit above: calling comes in a second step.
    with database.transaction(Label(N_("Create demo district")), Origin.DEMO) as session:
        build_calling_demo(session, rng, today)
        build_recognition_demo(session, rng, today)
        build_meetings_demo(session, rng, today)
        build_media_demo(session, rng, today)
    report(total)
    return DemoSummary(
        branches=len(plans),
        members=sum(1 for person in people if person.kind == MembershipKind.MEMBER),
        supporters=sum(1 for person in people if person.kind == MembershipKind.SUPPORTER),
        ended=sum(1 for person in people if person.ended_on is not None and person.ended_on <= today),
        bodies=counts.bodies,
        positions=counts.positions,
        applicants=sum(1 for person in people if person.joined_on is None),
        households=len(generator.households),
        interests=writer.interest_rows,
    )
