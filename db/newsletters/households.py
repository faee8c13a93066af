"""One label per household: grouping the postal recipients by household and address, and naming each label.

A household (``member.household_id``) is people who share a postal address and get one copy. Its label is named
from the members *on this list* (hitobito's design: the name is made when the labels are, not stored): one
surname written once after its first names, "Anna ja Matti Virtanen" / "Anna och Matti Virtanen"; different
surnames each after their own first names, "Anna Virtanen ja Matti Korhonen"; three or more with commas,
"Anna, Liisa ja Matti Virtanen"; and groups of a surname that hold several people joined by "sekä" / "samt",
"Anna ja Matti Virtanen sekä Liisa Korhonen", so that no "ja" is read as joining the wrong names. The words are the
household's language when all its people share Finnish or Swedish, otherwise the publication's.

Grouping is by household *and* address: household members whose addresses differ (somebody moved and the
household was not updated) get a label each, rather than one copy going to the wrong door. A household member
without an address of their own takes the household's, when it has exactly one. The c/o line belongs to the
addressee, so it follows the names, before the street (Posti and PostNord both want it there).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from typing import NamedTuple

from babel import Locale

from db.core.collection import cycle_collection_paused
from db.core.text import fold, nordic_sort_key

# The conjunctions of a label's name, by language: within a surname's first names, and between surname groups
# that hold several people. Postal convention rather than interface text, so they are data here (like the letters
# circled on call sheets), and a label reads the same whatever language the program is in.
CONJUNCTIONS: dict[str, tuple[str, str]] = {"fi": ("ja", "sekä"), "sv": ("och", "samt"), "en": ("and", "and")}


class PostalPerson(NamedTuple):
    """A postal recipient with what a label needs of them (a tuple: a register makes a hundred thousand)."""

    member_id: uuid.UUID
    first_name: str
    last_name: str
    language: str  # "fi", "sv" or "other"
    household_id: uuid.UUID | None
    street: str | None
    co_line: str | None
    postal_code: str | None
    city: str | None
    country: str | None  # ISO code; None is the district's own country

    @property
    def has_address(self) -> bool:
        return bool((self.street or "").strip() and (self.postal_code or "").strip() and (self.city or "").strip())


class AddressLabel(NamedTuple):
    """One label: the lines printed, top to bottom, and whom it carries."""

    lines: tuple[str, ...]
    name: str  # the first lines' text as one line (the name of the household or person)
    street: str
    postal_code: str
    country: str | None  # None: the district's own country
    member_ids: tuple[uuid.UUID, ...]
    household_id: uuid.UUID | None
    language: str

    @property
    def sort_key(self) -> tuple[int, str, str, str]:
        """Domestic labels by postal code, then street and name; foreign ones after them, by country."""
        return (
            1 if self.country else 0,
            (self.country or "") + self.postal_code,
            nordic_sort_key(self.street),
            nordic_sort_key(self.name),
        )


def _join(words: Sequence[str], conjunction: str) -> str:
    if len(words) == 1:
        return words[0]
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def household_name(people: Sequence[tuple[str, str]], language: str) -> str:
    """Name a label from its people's (first name, last name), in the order given: "Anna ja Matti Virtanen"."""
    within, between = CONJUNCTIONS.get(language, CONJUNCTIONS["fi"])
    groups: dict[str, tuple[str, list[str]]] = {}
    for first, last in people:
        key = fold(last)
        if key not in groups:
            groups[key] = (last, [])
        groups[key][1].append(first)
    parts = [f"{_join(firsts, within)} {last}".strip() for last, firsts in groups.values()]
    several = any(len(firsts) > 1 for _last, firsts in groups.values())
    return _join(parts, between if several else within)


def name_order(people: Iterable[PostalPerson]) -> list[PostalPerson]:
    """The order a label names its people in: by first name, in Finnish and Swedish alphabetical order."""
    return sorted(people, key=lambda person: (nordic_sort_key(person.first_name), nordic_sort_key(person.last_name)))


def co_text(co_line: str) -> str:
    """A c/o line as printed: "c/o Liisa Laine" whether or not the register wrote the "c/o"."""
    text = " ".join(co_line.split())
    return text if text[:3].casefold() == "c/o" else f"c/o {text}"


def _address_key(person: PostalPerson, home_country: str) -> tuple[str, str, str, str]:
    """What makes two addresses one door: street and town in any case, the postal code without spaces, country.

    The register keeps addresses tidied (``db.members.operations.clean_person``), so no spaces are collapsed here.
    """
    return (
        (person.street or "").casefold(),
        (person.postal_code or "").replace(" ", ""),
        (person.city or "").casefold(),
        (person.country or home_country).upper(),
    )


@cache
def country_name(code: str) -> str:
    """A country on a label's last line, in English capitals as the Universal Postal Union asks ("SWEDEN")."""
    name = Locale("en").territories.get(code.upper())
    return str(name).upper() if name else code.upper()


def group_households(
    people: Iterable[PostalPerson], home_country: str, default_language: str
) -> tuple[list[AddressLabel], list[uuid.UUID]]:
    """Group postal recipients into labels, sorted by postal code; return them and the people with no address.

    Args:
        people: the postal recipients.
        home_country: the district's country (ISO code): its addresses print no country line.
        default_language: "fi" or "sv": the words of a label whose people do not share one of those languages.
    """
    with cycle_collection_paused():
        return _group(people, home_country, default_language)


def _group(
    people: Iterable[PostalPerson], home_country: str, default_language: str
) -> tuple[list[AddressLabel], list[uuid.UUID]]:
    groups: dict[tuple[object, ...], list[PostalPerson]] = defaultdict(list)
    homeless: dict[uuid.UUID, list[PostalPerson]] = defaultdict(list)
    no_address: list[uuid.UUID] = []
    for person in people:
        # The register keeps addresses tidied (no blank-only values), so presence is enough.
        if person.street and person.postal_code and person.city:
            owner: object = person.household_id if person.household_id is not None else person.member_id
            groups[(owner, *_address_key(person, home_country))].append(person)
        elif person.household_id is not None:
            homeless[person.household_id].append(person)
        else:
            no_address.append(person.member_id)
    if homeless:
        by_household: dict[uuid.UUID, list[tuple[object, ...]]] = defaultdict(list)
        for key in groups:
            if isinstance(key[0], uuid.UUID) and key[0] in homeless:
                by_household[key[0]].append(key)
        for household_id, members in homeless.items():
            keys = by_household.get(household_id, [])
            if len(keys) == 1:
                groups[keys[0]].extend(members)
            else:
                no_address.extend(person.member_id for person in members)
    known: dict[str, str] = {}

    def sort_key(text: str) -> str:
        # Names and streets repeat: each is turned into its sort key once (a register has 100 000 of them).
        key = known.get(text)
        if key is None:
            key = known[text] = nordic_sort_key(text)
        return key

    labels = [_label(members, home_country, default_language, sort_key) for members in groups.values()]
    labels.sort(
        key=lambda label: (
            1 if label.country else 0,
            (label.country or "") + label.postal_code,
            sort_key(label.street),
            sort_key(label.name),
        )
    )
    return labels, no_address


def _label(
    members: list[PostalPerson], home_country: str, default_language: str, sort_key: Callable[[str], str]
) -> AddressLabel:
    if len(members) == 1:
        # Most labels carry one person: the short way, without sorting, sets or generators.
        person = members[0]
        language = person.language if person.language in ("fi", "sv") else default_language
        name = f"{person.first_name} {person.last_name}"
        lines = [name, co_text(person.co_line)] if person.co_line else [name]
        return _finish(lines, person, name, (person.member_id,), person.household_id, language, home_country)
    ordered = sorted(members, key=lambda person: (sort_key(person.first_name), sort_key(person.last_name)))
    languages = {person.language for person in ordered}
    language = languages.pop() if len(languages) == 1 and languages <= {"fi", "sv"} else default_language
    name = household_name([(person.first_name, person.last_name) for person in ordered], language)
    addressed = next(person for person in ordered if person.street and person.postal_code and person.city)
    lines = [name, *dict.fromkeys(co_text(person.co_line) for person in ordered if person.co_line)]
    first_household = ordered[0].household_id
    household_id = first_household if all(p.household_id == first_household for p in ordered) else None
    member_ids = tuple(person.member_id for person in ordered)
    return _finish(lines, addressed, name, member_ids, household_id, language, home_country)


def _finish(
    lines: list[str],
    addressed: PostalPerson,
    name: str,
    member_ids: tuple[uuid.UUID, ...],
    household_id: uuid.UUID | None,
    language: str,
    home_country: str,
) -> AddressLabel:
    """Add the address lines (street, postal code and town, a foreign country) and make the label."""
    street = addressed.street or ""
    postal_code = addressed.postal_code or ""
    lines.append(street)
    lines.append(f"{postal_code} {addressed.city or ''}")
    country = addressed.country.upper() if addressed.country else None
    if country == home_country.upper():
        country = None
    if country:
        lines.append(country_name(country))
    return AddressLabel(tuple(lines), name, street, postal_code, country, member_ids, household_id, language)
