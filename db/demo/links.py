"""What links invented people once they all exist: ids in join order, member numbers, godparents."""

from __future__ import annotations

import random
from datetime import date, timedelta

from db.core.base import new_id
from db.demo.people import Person
from db.members.models import MembershipKind


def in_join_order(people: list[Person]) -> list[Person]:
    """Return the people in the order they joined (applicants last) and give them ids in that order.

    The ids are time-ordered (UUIDv7), so rows are appended to the primary-key index rather than scattered over
    it, and a godparent (who joined earlier) is written before the member who names them.
    """
    ordered = sorted(people, key=lambda person: person.joined_on or date.max)
    for person in ordered:
        person.id = new_id()
    return ordered


def assign_member_numbers(people: list[Person], rng: random.Random) -> None:
    """Give everyone who has joined a member number, rising with the join date as the central office gives them.

    Args:
        people: in join order (:func:`in_join_order`).
        rng: the demo's random source.
    """
    rank = 0
    for person in people:
        if person.joined_on is not None:
            person.member_number = str(100_000 + rank * 4 + rng.randrange(4))
            rank += 1


def assign_godparents(people: list[Person], rng: random.Random, today: date) -> None:
    """Give most members who joined in the last two years a godparent: a member of their branch for 3+ years.

    The godparent always joined before the new member, so inserting people in join order satisfies the key.
    """
    veteran_limit = today - timedelta(days=3 * 365)
    recent_limit = today - timedelta(days=730)
    veterans: dict[int, list[Person]] = {}
    for person in people:
        age = person.age(today)
        if (
            person.kind == MembershipKind.MEMBER
            and person.active_on(today)
            and person.joined_on is not None
            and person.joined_on <= veteran_limit
            and (age is None or 25 <= age <= 80)
        ):
            veterans.setdefault(person.branch, []).append(person)
    for person in people:
        if (
            person.kind == MembershipKind.MEMBER
            and person.joined_on is not None
            and person.joined_on >= recent_limit
            and person.active_on(today)
            and rng.random() < 0.6
        ):
            candidates = veterans.get(person.branch)
            if candidates:
                person.godparent_id = candidates[rng.randrange(len(candidates))].id
