"""The word lists of the demo district: names, municipalities, streets, branches, read from ``resources/demo``.

The lists are small JSON files, so a translator or a district can read and correct them without touching code.
Everything here is read once per process and is immutable.
"""

from __future__ import annotations

import bisect
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Generic, TypeVar

from db.branches.models import BranchKind, BranchStatus
from resources import resource_path

T = TypeVar("T")

# Birth cohorts with their own fashion in first names: before 1960, 1960–1989, from 1990 on.
COHORT_LIMITS = (1960, 1990)


@dataclass(frozen=True)
class WeightedPool(Generic[T]):
    """Items drawn with given weights, in O(log n) per draw."""

    items: tuple[T, ...]
    cumulative: tuple[float, ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[T, float]]) -> WeightedPool[T]:
        """Make a pool of (item, weight) pairs; items of weight zero are left out."""
        items: list[T] = []
        cumulative: list[float] = []
        total = 0.0
        for item, weight in pairs:
            if weight > 0:
                total += weight
                items.append(item)
                cumulative.append(total)
        if not items:
            raise ValueError("a weighted pool needs at least one item of positive weight")
        return cls(tuple(items), tuple(cumulative))

    def pick(self, rng: random.Random) -> T:
        """Draw one item."""
        index = bisect.bisect_right(self.cumulative, rng.random() * self.cumulative[-1])
        return self.items[min(index, len(self.items) - 1)]


@dataclass(frozen=True)
class NameBook:
    """The first names (by cohort) and surnames of one language."""

    female: tuple[WeightedPool[str], ...]
    male: tuple[WeightedPool[str], ...]
    last: WeightedPool[str]

    def first_name(self, rng: random.Random, female: bool, birth_year: int | None) -> str:
        """Draw a first name fitting the person's sex and birth cohort."""
        pools = self.female if female else self.male
        return pools[cohort(birth_year)].pick(rng)


def cohort(birth_year: int | None) -> int:
    """Return the name cohort of a birth year (the middle one when it is not known)."""
    if birth_year is None:
        return 1
    return bisect.bisect_right(COHORT_LIMITS, birth_year)


@dataclass(frozen=True)
class PostalArea:
    code: str
    locality_fi: str
    locality_sv: str


@dataclass(frozen=True)
class Municipality:
    """A real municipality of the district, named by its majority language (``name``)."""

    name: str
    name_fi: str
    name_sv: str
    languages: tuple[str, ...]
    swedish_share: float
    urban_share: float
    postal: tuple[PostalArea, ...]
    streets: tuple[tuple[str, str], ...]
    roads: tuple[tuple[str, str], ...]

    @property
    def bilingual(self) -> bool:
        """Whether streets and localities have names in both languages."""
        return len(self.languages) > 1


@dataclass(frozen=True)
class BranchPlan:
    """A branch the demo creates."""

    name: str
    board: str
    municipality: str
    language: str
    kind: BranchKind
    status: BranchStatus
    weight: float


@dataclass(frozen=True)
class Vocabulary:
    names: dict[str, NameBook]
    municipalities: dict[str, Municipality]
    streets: tuple[tuple[str, str], ...]
    roads: tuple[tuple[str, str], ...]
    branches: tuple[BranchPlan, ...]
    notes: dict[str, tuple[str, ...]]


def _read(name: str) -> Any:
    return json.loads(resource_path("demo", name).read_text(encoding="utf-8"))


def _pairs(rows: Sequence[Sequence[str]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(row[0]), str(row[1])) for row in rows)


def _name_book(data: dict[str, Any]) -> NameBook:
    def cohorts(rows: list[list[Any]]) -> tuple[WeightedPool[str], ...]:
        return tuple(WeightedPool.of((row[0], float(row[1 + index])) for row in rows) for index in range(3))

    return NameBook(
        female=cohorts(data["female"]),
        male=cohorts(data["male"]),
        last=WeightedPool.of((row[0], float(row[1])) for row in data["last"]),
    )


def _municipality(data: dict[str, Any]) -> Municipality:
    return Municipality(
        name=data["name"],
        name_fi=data["fi"],
        name_sv=data["sv"],
        languages=tuple(data["languages"]),
        swedish_share=float(data["swedish_share"]),
        urban_share=float(data["urban_share"]),
        postal=tuple(PostalArea(*row) for row in data["postal"]),
        streets=_pairs(data["streets"]),
        roads=_pairs(data["roads"]),
    )


@cache
def vocabulary() -> Vocabulary:
    """Return the demo word lists (read from the resource files on first use)."""
    places = _read("places.json")
    branch_data = _read("branches.json")
    municipalities = {entry["name"]: _municipality(entry) for entry in places["municipalities"]}
    branches = tuple(
        BranchPlan(
            name=entry["name"],
            board=entry["board"],
            municipality=entry["municipality"],
            language=entry["language"],
            kind=BranchKind(entry["kind"]),
            status=BranchStatus(entry["status"]),
            weight=float(entry["weight"]),
        )
        for entry in branch_data["branches"]
    )
    unknown = {plan.municipality for plan in branches} - municipalities.keys()
    if unknown:
        raise ValueError(f"branches.json names municipalities missing from places.json: {sorted(unknown)}")
    return Vocabulary(
        names={language: _name_book(_read(f"names_{language}.json")) for language in ("fi", "sv", "other")},
        municipalities=municipalities,
        streets=_pairs(places["streets"]),
        roads=_pairs(places["roads"]),
        branches=branches,
        notes={language: tuple(texts) for language, texts in branch_data["notes"].items()},
    )
