"""Invented members and supporters of the demo district, as plain data (no database here).

Who joins a party and when is not uniform, and a demo that shows the program honestly must not be either: the
register is old on average, most people joined in the last decades with bumps in election years, some have left
(resigned, lapsed, moved, died, rarely expelled), a few are still applicants or have given notice. Names follow
the person's language and birth cohort; addresses, postal codes and localities are those of real municipalities.
"""

from __future__ import annotations

import bisect
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from db.branches.models import BranchKind
from db.core.base import new_id
from db.core.district import Country
from db.core.text import fold
from db.demo.vocabulary import BranchPlan, Municipality, NameBook, Vocabulary, WeightedPool
from db.members.models import EndReason, MemberLanguage, MembershipKind
from db.members.validation import normalize_email, normalize_phone

FIRST_JOIN_YEAR = 1960
_PARLIAMENTARY = (1962, 1966, 1970, 1972, 1975, 1979, 1983, 1987, 1991, 1995, 1999, 2003, 2007, 2011, 2015, 2019)
_MUNICIPAL = (1960, 1964, 1968, 1972, 1976, 1980, 1984, 1988, 1992, 1996, 2000, 2004, 2008, 2012, 2017, 2021)
_AGE_BANDS = WeightedPool.of([((16, 29), 10), ((30, 44), 16), ((45, 59), 24), ((60, 74), 32), ((75, 96), 18)])
# Why memberships end, by age: death is rare before fifty and the commonest reason among the old.
_END_REASONS_YOUNG = WeightedPool.of(
    [
        (EndReason.RESIGNED, 42),
        (EndReason.LAPSED, 40),
        (EndReason.MOVED, 16),
        (EndReason.DECEASED, 1),
        (EndReason.EXPELLED, 2),
    ]
)
_END_REASONS_MIDDLE = WeightedPool.of(
    [
        (EndReason.RESIGNED, 36),
        (EndReason.LAPSED, 34),
        (EndReason.MOVED, 12),
        (EndReason.DECEASED, 16),
        (EndReason.EXPELLED, 2),
    ]
)
_END_REASONS_OLD = WeightedPool.of(
    [(EndReason.RESIGNED, 15), (EndReason.LAPSED, 10), (EndReason.MOVED, 5), (EndReason.DECEASED, 70)]
)
_MOBILE_PREFIXES = WeightedPool.of([("040", 35), ("050", 30), ("044", 15), ("045", 8), ("041", 7), ("046", 5)])
# Only domains meant for examples: never a real mail provider.
_EMAIL_DOMAINS = {
    "fi": WeightedPool.of([("esimerkki.fi", 45), ("example.fi", 30), ("example.com", 15), ("exempel.fi", 5)]),
    "sv": WeightedPool.of([("exempel.fi", 45), ("example.fi", 30), ("example.com", 15), ("esimerkki.fi", 5)]),
}
_ABROAD = (("Umeå", "903 26"), ("Sundsvall", "852 30"), ("Stockholm", "118 20"), ("Göteborg", "413 04"))
_ABROAD_STREETS = ("Storgatan", "Kungsgatan", "Skolgatan", "Västra vägen")
UNSET_ID = uuid.UUID(int=0)  # ids are given in join order (db.demo.links.in_join_order)


@dataclass(slots=True)
class Contact:
    value: str
    valid: bool = True
    do_not_use: bool = False


@dataclass(slots=True, eq=False)
class Person:
    """One invented person with their single membership."""

    id: uuid.UUID
    first_name: str
    last_name: str
    female: bool
    birth_year: int | None
    language: MemberLanguage
    branch: int
    kind: MembershipKind
    joined_on: date | None
    street: str | None = None
    co_line: str | None = None
    postal_code: str | None = None
    city: str | None = None
    address_country: str | None = None
    notice_received_on: date | None = None
    ended_on: date | None = None
    end_reason: EndReason | None = None
    household_id: uuid.UUID | None = None
    member_number: str | None = None
    godparent_id: uuid.UUID | None = None
    notes: str | None = None
    phones: list[Contact] = field(default_factory=list)
    emails: list[Contact] = field(default_factory=list)

    def active_on(self, today: date) -> bool:
        """Whether the membership is in force on ``today`` (joined, not ended)."""
        return (
            self.joined_on is not None and self.joined_on <= today and (self.ended_on is None or self.ended_on > today)
        )

    def age(self, today: date) -> int | None:
        return None if self.birth_year is None else today.year - self.birth_year


@dataclass(slots=True)
class Household:
    id: uuid.UUID
    label: str


def is_election_year(year: int) -> bool:
    """Parliamentary and municipal election years in Finland (every four years each, since 2019 and 2021)."""
    if year in _PARLIAMENTARY or year in _MUNICIPAL:
        return True
    return year > 2021 and ((year - 2019) % 4 == 0 or (year - 2021) % 4 == 0)


class PeopleGenerator:
    """Makes :class:`Person` records, all randomness drawn from one seeded ``random.Random``."""

    def __init__(self, rng: random.Random, vocabulary: Vocabulary, branches: list[BranchPlan], today: date) -> None:
        self.rng = rng
        self.vocabulary = vocabulary
        self.branches = branches
        self.today = today
        self.households: list[Household] = []
        self._branch_pool = WeightedPool.of((index, plan.weight) for index, plan in enumerate(branches))
        weights: dict[str, float] = {}
        for plan in branches:
            weights[plan.municipality] = weights.get(plan.municipality, 0.0) + plan.weight
        self._residence_pool = WeightedPool.of(weights.items())
        # Joining grows towards the present (those who joined long ago have partly died or left), with a
        # recruitment bump in election years; the current year counts only as far as it has gone.
        years = list(range(FIRST_JOIN_YEAR, today.year + 1))
        span = max(1, today.year - FIRST_JOIN_YEAR)
        self._years = years
        self._year_cumulative: list[float] = []
        total = 0.0
        for year in years:
            weight = 1.0 + 3.0 * ((year - FIRST_JOIN_YEAR) / span) ** 2
            if is_election_year(year):
                weight *= 1.7
            if year == today.year:
                weight *= today.timetuple().tm_yday / 365
            total += weight
            self._year_cumulative.append(total)
        self._phones: set[str] = set()
        self._emails: set[str] = set()

    # -- the whole population -------------------------------------------------------------------------------------

    def generate(self, count: int) -> list[Person]:
        """Return ``count`` people; some come in couples sharing an address and a household."""
        people: list[Person] = []
        while len(people) < count:
            person = self._person(self._branch_pool.pick(self.rng))
            people.append(person)
            age = person.age(self.today)
            plan = self.branches[person.branch]
            adult = age is not None and age >= 25
            if len(people) < count and adult and plan.kind == BranchKind.LOCAL and self.rng.random() < 0.1:
                people.append(self._partner(person))
        return people

    def _person(self, branch: int, *, like: Person | None = None) -> Person:
        rng = self.rng
        plan = self.branches[branch]
        home = self.vocabulary.municipalities[plan.municipality]
        language = like.language if like and rng.random() < 0.85 else self._language(plan, home)
        if like is not None:
            female = not like.female if rng.random() < 0.92 else like.female
        else:
            female = rng.random() < (0.95 if plan.kind == BranchKind.WOMEN else 0.5)
        birth_year = self._birth_year(plan, like)
        book = self._book(language)
        first_name = book.first_name(rng, female, birth_year)
        last_name = self._last_name(language, home, book)
        if like is not None and like.language == language and rng.random() < 0.6:
            last_name = like.last_name
        supporter_share = 0.25 if plan.kind == BranchKind.YOUTH else 0.14
        kind = MembershipKind.SUPPORTER if rng.random() < supporter_share else MembershipKind.MEMBER
        person = Person(UNSET_ID, first_name, last_name, female, birth_year, language, branch, kind, None)
        self._membership(person)
        if like is not None:
            person.street, person.postal_code, person.city = like.street, like.postal_code, like.city
            person.address_country = like.address_country
        else:
            self._address(person, home if rng.random() < 0.96 else self._elsewhere())
        self._contacts(person)
        if rng.random() < 0.01:
            notes = self.vocabulary.notes["sv" if language == MemberLanguage.SV else "fi"]
            person.notes = notes[rng.randrange(len(notes))]
        return person

    def _partner(self, person: Person) -> Person:
        partner = self._person(person.branch, like=person)
        household = Household(new_id(), _household_label(person.last_name, partner.last_name))
        self.households.append(household)
        person.household_id = partner.household_id = household.id
        return partner

    def _elsewhere(self) -> Municipality:
        return self.vocabulary.municipalities[self._residence_pool.pick(self.rng)]

    # -- who -----------------------------------------------------------------------------------------------------

    def _language(self, plan: BranchPlan, home: Municipality) -> MemberLanguage:
        draw = self.rng.random()
        if draw < 0.02:
            return MemberLanguage.OTHER
        if plan.language == "sv":
            return MemberLanguage.FI if draw < 0.05 + 0.3 * (1 - home.swedish_share) else MemberLanguage.SV
        return MemberLanguage.SV if draw < 0.03 + 0.2 * home.swedish_share else MemberLanguage.FI

    def _book(self, language: MemberLanguage) -> NameBook:
        return self.vocabulary.names[language.value]

    def _last_name(self, language: MemberLanguage, home: Municipality, book: NameBook) -> str:
        rng = self.rng
        # Ostrobothnia is bilingual at home too: many Finnish speakers carry Swedish surnames and vice versa.
        if language != MemberLanguage.OTHER and home.bilingual and rng.random() < 0.12:
            book = self._book(MemberLanguage.SV if language == MemberLanguage.FI else MemberLanguage.FI)
        name = book.last.pick(rng)
        if rng.random() < 0.015:
            name = f"{name}-{book.last.pick(rng)}"
        return name

    def _birth_year(self, plan: BranchPlan, like: Person | None) -> int | None:
        rng = self.rng
        if like is not None and like.birth_year is not None:
            return max(1900, min(self.today.year - 18, like.birth_year + rng.randint(-6, 6)))
        if rng.random() < 0.04:
            return None
        low, high = (15, 32) if plan.kind == BranchKind.YOUTH else _AGE_BANDS.pick(rng)
        return self.today.year - rng.randint(low, high)

    # -- membership ----------------------------------------------------------------------------------------------

    def _join_date(self, earliest_year: int) -> date:
        rng = self.rng
        earliest_year = min(max(earliest_year, FIRST_JOIN_YEAR), self.today.year)
        start = self._year_cumulative[earliest_year - FIRST_JOIN_YEAR - 1] if earliest_year > FIRST_JOIN_YEAR else 0.0
        draw = start + rng.random() * (self._year_cumulative[-1] - start)
        index = min(bisect.bisect_right(self._year_cumulative, draw), len(self._years) - 1)
        year = self._years[index]
        first = date(year, 1, 1).toordinal()
        last = min(date(year, 12, 31), self.today).toordinal()
        return date.fromordinal(rng.randint(first, max(first, last)))

    def _membership(self, person: Person) -> None:
        rng, today = self.rng, self.today
        earliest = FIRST_JOIN_YEAR if person.birth_year is None else person.birth_year + 15
        if person.kind == MembershipKind.SUPPORTER:
            earliest = max(earliest, 2008)  # the register has known supporters only since 2008
        draw = rng.random()
        if draw < 0.015:
            return  # an applicant: the branch has not accepted them yet
        person.joined_on = self._join_date(earliest)
        if draw < 0.14 and (today - person.joined_on).days > 200:
            known_age = person.age(today)
            age = 60 if known_age is None else known_age
            reasons = _END_REASONS_YOUNG if age < 50 else _END_REASONS_MIDDLE if age < 78 else _END_REASONS_OLD
            person.end_reason = reasons.pick(rng)
            person.ended_on = date.fromordinal(rng.randint(person.joined_on.toordinal() + 180, today.toordinal() - 1))
            if person.end_reason == EndReason.RESIGNED:
                notice = person.ended_on - timedelta(days=rng.randint(0, 45))
                person.notice_received_on = max(notice, person.joined_on)
            if person.end_reason == EndReason.MOVED and rng.random() < 0.25:
                city, postal_code = _ABROAD[rng.randrange(len(_ABROAD))]
                street = _ABROAD_STREETS[rng.randrange(len(_ABROAD_STREETS))]
                person.street, person.postal_code, person.city = f"{street} {rng.randint(1, 60)}", postal_code, city
                person.address_country = "SE"
        elif draw < 0.15 and person.joined_on < today:
            # Notice of resignation received; the membership runs to the end of the notice period.
            person.notice_received_on = max(person.joined_on, today - timedelta(days=rng.randint(0, 20)))
            person.ended_on = today + timedelta(days=rng.randint(10, 60))
            person.end_reason = EndReason.RESIGNED

    # -- where ---------------------------------------------------------------------------------------------------

    def _address(self, person: Person, home: Municipality) -> None:
        rng = self.rng
        if person.address_country is not None or rng.random() < 0.015:
            return  # abroad already, or no address known
        swedish = person.language == MemberLanguage.SV if home.bilingual else home.languages[0] == "sv"
        side = 1 if swedish else 0
        if rng.random() < home.urban_share:
            local, generic = home.streets, self.vocabulary.streets
            names = local if local and rng.random() < 0.5 else generic
            number = f"{rng.randint(1, 60)}"
            if rng.random() < 0.55:
                number += f" {'AABBCD'[rng.randrange(6)]} {rng.randint(1, 45)}"
        else:
            local, generic = home.roads, self.vocabulary.roads
            names = local if local and rng.random() < 0.5 else generic
            number = f"{rng.randint(1, 480)}"
        person.street = f"{names[rng.randrange(len(names))][side]} {number}"
        area = home.postal[0] if rng.random() < 0.4 else home.postal[rng.randrange(len(home.postal))]
        person.postal_code = area.code
        person.city = area.locality_sv if swedish else area.locality_fi
        if rng.random() < 0.012:
            book = self._book(person.language)
            person.co_line = f"c/o {book.first_name(rng, rng.random() < 0.5, None)} {book.last.pick(rng)}"

    # -- how to reach them ---------------------------------------------------------------------------------------

    def _contacts(self, person: Person) -> None:
        rng = self.rng
        age = person.age(self.today)
        old = age is not None and age >= 75
        if rng.random() < (0.65 if old else 0.86 if age is None or age >= 60 else 0.94):
            if person.address_country == "SE":
                text = f"+46 70 {rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
            else:
                text = f"{_MOBILE_PREFIXES.pick(rng)} {rng.randint(1_000_000, 9_999_999)}"
            self._add_phone(person, text)
        if age is not None and age >= 60 and rng.random() < 0.22:
            # A landline, in the district's area code 06.
            self._add_phone(person, f"06 {rng.choice('34')}{rng.randint(100_000, 999_999)}")
        email_chance = 0.2 if old else 0.55 if age is None or age >= 60 else 0.8 if age >= 45 else 0.9
        if rng.random() < email_chance:
            self._add_email(person)

    def _add_phone(self, person: Person, text: str) -> None:
        value = normalize_phone(text, Country.FI)
        if value in self._phones:
            return  # two people never share a made-up number
        self._phones.add(value)
        draw = self.rng.random()
        person.phones.append(Contact(value, valid=draw >= 0.025, do_not_use=0.025 <= draw < 0.055))

    def _add_email(self, person: Person) -> None:
        rng = self.rng
        first = _mail_word(person.first_name)
        last = _mail_word(person.last_name)
        style = rng.random()
        if style < 0.6:
            local = f"{first}.{last}"
        elif style < 0.7:
            local = f"{first}{last}"
        elif style < 0.85:
            local = f"{first}.{last}{rng.randint(1, 99)}"
        elif style < 0.95:
            local = f"{first[0]}.{last}"
        else:
            local = f"{last}.{first}"
        domains = _EMAIL_DOMAINS["sv" if person.language == MemberLanguage.SV else "fi"]
        value = normalize_email(f"{local}@{domains.pick(rng)}")
        while value in self._emails:
            value = normalize_email(f"{local}{rng.randint(1, 999)}@{domains.pick(rng)}")
        self._emails.add(value)
        draw = rng.random()
        person.emails.append(Contact(value, valid=draw >= 0.02, do_not_use=0.02 <= draw < 0.025))


def _mail_word(name: str) -> str:
    """An e-mail-safe form of a name: "Östman" → ``ostman``, "Anna-Maria" → ``anna-maria``."""
    return "".join(ch for ch in fold(name).replace(" ", "-") if ch.isascii() and (ch.isalnum() or ch == "-"))


def _household_label(first: str, second: str) -> str:
    return first if first == second else f"{first} & {second}"
