"""The vocabulary of member files: column headers and values in Finnish, Swedish and English.

Headers are compared by :func:`header_key` (case, diacritics, spaces and punctuation ignored), so "Sähköposti",
"SAHKOPOSTI" and "sähkö-posti" are the same header. The same tables give the headers of exported files, so an
exported file always imports again.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from db.core.errors import KansliError
from db.core.i18n import _
from db.core.text import fold
from db.members.models import MemberLanguage, MembershipKind


class Field(enum.StrEnum):
    """A column of a member file, by what it holds (the names ``--map`` accepts)."""

    MEMBER_NUMBER = "member_number"
    FIRST_NAME = "first_name"
    LAST_NAME = "last_name"
    EMAIL = "email"
    PHONE = "phone"
    STREET = "street"
    CO_LINE = "co_line"
    POSTAL_CODE = "postal_code"
    CITY = "city"
    BRANCH = "branch"
    JOINED_ON = "joined_on"
    BIRTH_YEAR = "birth_year"
    LANGUAGE = "language"
    KIND = "kind"
    NOTES = "notes"
    # The member's row id in this register: written by exports so that members without a member number are
    # found again when the file comes back.
    KANSLI_ID = "kansli_id"


IGNORE = "ignore"
"""A header map target that drops a column without reporting it as unknown."""

# Fields a file may hold in several columns (a home phone and a mobile, two e-mail addresses).
MULTI_COLUMN_FIELDS = frozenset({Field.PHONE, Field.EMAIL})

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def header_key(text: str) -> str:
    """Return the form in which headers and vocabulary values are compared ("E-post" → "epost")."""
    return _NON_ALNUM.sub("", fold(text))


_ALIASES: dict[Field, tuple[str, ...]] = {
    Field.MEMBER_NUMBER: (
        "jäsennumero", "jäsennro", "jäsen nro", "jäsenno", "medlemsnummer", "medlemsnr", "medlems nr",
        "member number", "member no", "member nr", "membership number",
    ),
    Field.FIRST_NAME: (
        "etunimi", "etunimet", "kutsumanimi", "förnamn", "tilltalsnamn",
        "first name", "firstname", "given name", "forename",
    ),
    Field.LAST_NAME: (
        "sukunimi", "efternamn", "släktnamn", "last name", "lastname", "surname", "family name",
    ),
    Field.EMAIL: (
        "sähköposti", "sähköpostiosoite", "sposti", "e-post", "e-postadress", "epost",
        "email", "e-mail", "email address", "e-mail address",
    ),
    Field.PHONE: (
        "puhelin", "puhelinnumero", "puh", "matkapuhelin", "mobiili", "kännykkä", "gsm",
        "telefon", "telefonnummer", "tel", "mobil", "mobilnummer", "mobiltelefon",
        "phone", "phone number", "telephone", "mobile", "mobile phone", "cell phone",
    ),
    Field.STREET: (
        "lähiosoite", "osoite", "katuosoite", "gatuadress", "adress", "utdelningsadress",
        "address", "street", "street address", "address line 1",
    ),
    Field.CO_LINE: ("c/o", "c/o-osoite", "co-osoite", "c/o-adress", "care of"),
    Field.POSTAL_CODE: (
        "postinumero", "postinro", "postnummer", "postnr", "postal code", "postcode", "zip", "zip code",
    ),
    Field.CITY: (
        "postitoimipaikka", "paikkakunta", "kotipaikka", "ort", "postort", "hemort", "city", "town", "post town",
    ),
    Field.BRANCH: (
        "osasto", "yhdistys", "paikallisyhdistys", "perusyhdistys", "förening", "partiförening", "lokalförening",
        "avdelning", "branch", "local branch", "association",
    ),
    Field.JOINED_ON: (
        "liittymispäivä", "liittymispäivämäärä", "liittynyt", "jäsen alkaen", "medlem sedan", "inträdesdatum",
        "inträde", "anslutningsdatum", "joined", "joined on", "join date", "member since",
    ),
    # Only the year of a birth date is kept (data minimisation), so a column of birth dates is read as years.
    Field.BIRTH_YEAR: (
        "syntymävuosi", "syntynyt", "syntymäaika", "födelseår", "född", "födelsedatum",
        "birth year", "year of birth", "born", "date of birth", "birth date",
    ),
    Field.LANGUAGE: ("kieli", "äidinkieli", "asiointikieli", "språk", "modersmål", "language"),
    Field.KIND: (
        "jäsenlaji", "jäsentyyppi", "jäsenyyden laji", "medlemstyp", "medlemskategori", "medlemsslag",
        "kind", "member type", "membership type", "membership kind",
    ),
    Field.NOTES: (
        "lisätiedot", "lisätietoja", "huomautukset", "huom", "muistiinpanot", "anteckningar", "anmärkningar",
        "kommentarer", "notes", "note", "comments", "remarks",
    ),
    Field.KANSLI_ID: ("kansli id", "kansli-tunniste"),
}  # fmt: skip

HEADER_ALIASES: dict[str, Field] = {
    header_key(alias): field for field, aliases in _ALIASES.items() for alias in aliases
}

EXPORT_FIELDS: tuple[Field, ...] = (
    Field.MEMBER_NUMBER,
    Field.FIRST_NAME,
    Field.LAST_NAME,
    Field.EMAIL,
    Field.PHONE,
    Field.STREET,
    Field.CO_LINE,
    Field.POSTAL_CODE,
    Field.CITY,
    Field.BRANCH,
    Field.KIND,
    Field.JOINED_ON,
    Field.BIRTH_YEAR,
    Field.LANGUAGE,
    Field.NOTES,
    Field.KANSLI_ID,
)

# The headers of exported files. They are vocabulary, not translations: a file written in Swedish must import
# in a Finnish program, so they live here beside the aliases rather than in the catalogs.
EXPORT_HEADERS: dict[str, dict[Field, str]] = {
    "fi": {
        Field.MEMBER_NUMBER: "Jäsennumero", Field.FIRST_NAME: "Etunimi", Field.LAST_NAME: "Sukunimi",
        Field.EMAIL: "Sähköposti", Field.PHONE: "Puhelin", Field.STREET: "Lähiosoite", Field.CO_LINE: "C/o",
        Field.POSTAL_CODE: "Postinumero", Field.CITY: "Postitoimipaikka", Field.BRANCH: "Osasto",
        Field.KIND: "Jäsenlaji", Field.JOINED_ON: "Liittymispäivä", Field.BIRTH_YEAR: "Syntymävuosi",
        Field.LANGUAGE: "Kieli", Field.NOTES: "Lisätiedot", Field.KANSLI_ID: "Kansli ID",
    },
    "sv": {
        Field.MEMBER_NUMBER: "Medlemsnummer", Field.FIRST_NAME: "Förnamn", Field.LAST_NAME: "Efternamn",
        Field.EMAIL: "E-post", Field.PHONE: "Telefon", Field.STREET: "Gatuadress", Field.CO_LINE: "C/o",
        Field.POSTAL_CODE: "Postnummer", Field.CITY: "Postort", Field.BRANCH: "Förening",
        Field.KIND: "Medlemstyp", Field.JOINED_ON: "Medlem sedan", Field.BIRTH_YEAR: "Födelseår",
        Field.LANGUAGE: "Språk", Field.NOTES: "Anteckningar", Field.KANSLI_ID: "Kansli ID",
    },
    "en": {
        Field.MEMBER_NUMBER: "Member number", Field.FIRST_NAME: "First name", Field.LAST_NAME: "Last name",
        Field.EMAIL: "Email", Field.PHONE: "Phone", Field.STREET: "Street address", Field.CO_LINE: "C/o",
        Field.POSTAL_CODE: "Postal code", Field.CITY: "City", Field.BRANCH: "Branch",
        Field.KIND: "Kind", Field.JOINED_ON: "Joined", Field.BIRTH_YEAR: "Birth year",
        Field.LANGUAGE: "Language", Field.NOTES: "Notes", Field.KANSLI_ID: "Kansli ID",
    },
}  # fmt: skip

_LANGUAGE_VALUES: dict[MemberLanguage, tuple[str, ...]] = {
    MemberLanguage.FI: ("fi", "fin", "suomi", "suomeksi", "finska", "finsk", "finnish"),
    MemberLanguage.SV: ("sv", "swe", "ruotsi", "ruotsiksi", "svenska", "svensk", "swedish"),
}
LANGUAGE_VALUES: dict[str, MemberLanguage] = {
    header_key(text): language for language, texts in _LANGUAGE_VALUES.items() for text in texts
}
EXPORT_LANGUAGE_VALUES: dict[str, dict[MemberLanguage, str]] = {
    "fi": {MemberLanguage.FI: "suomi", MemberLanguage.SV: "ruotsi", MemberLanguage.OTHER: "muu"},
    "sv": {MemberLanguage.FI: "finska", MemberLanguage.SV: "svenska", MemberLanguage.OTHER: "annat"},
    "en": {MemberLanguage.FI: "Finnish", MemberLanguage.SV: "Swedish", MemberLanguage.OTHER: "other"},
}

_KIND_VALUES: dict[MembershipKind, tuple[str, ...]] = {
    MembershipKind.MEMBER: (
        "jäsen", "varsinainen jäsen", "varsinainen", "medlem", "ordinarie medlem", "member", "full member",
    ),
    MembershipKind.SUPPORTER: (
        "kannattaja", "kannattajajäsen", "kannatusjäsen", "sympatisör", "stödmedlem", "stödjande medlem",
        "supporter", "supporting member", "sympathiser", "sympathizer",
    ),
}  # fmt: skip
KIND_VALUES: dict[str, MembershipKind] = {
    header_key(text): kind for kind, texts in _KIND_VALUES.items() for text in texts
}
EXPORT_KIND_VALUES: dict[str, dict[MembershipKind, str]] = {
    "fi": {MembershipKind.MEMBER: "jäsen", MembershipKind.SUPPORTER: "kannattaja"},
    "sv": {MembershipKind.MEMBER: "medlem", MembershipKind.SUPPORTER: "sympatisör"},
    "en": {MembershipKind.MEMBER: "member", MembershipKind.SUPPORTER: "supporter"},
}


def parse_field_name(name: str) -> Field | None:
    """Return the field a header map names (None for ``ignore``), or raise :class:`KansliError`."""
    cleaned = name.strip().lower().replace("-", "_").replace(" ", "_")
    if cleaned == IGNORE:
        return None
    try:
        return Field(cleaned)
    except ValueError:
        names = ", ".join([*(field.value for field in Field), IGNORE])
        raise KansliError(
            _("“{name}” is not a field Kansli knows; use one of: {names}.").format(name=name.strip(), names=names)
        ) from None


def parse_header_map(items: Iterable[str]) -> dict[str, str]:
    """Read ``--map`` arguments of the form ``Header as in file=field`` into a header map.

    Args:
        items: texts like ``"Jäsenen numero=member_number"``; the header is everything before the last ``=``.

    Returns:
        The header map, header as written to field name.

    Raises:
        KansliError: when an item has no ``=``, no header, or names a field that does not exist.
    """
    header_map: dict[str, str] = {}
    for item in items:
        header, separator, name = item.rpartition("=")
        if not separator or not header.strip():
            raise KansliError(
                _(
                    "“{item}” is not a column mapping; write it as Header=field, e.g. “Jäsenen numero=member_number”."
                ).format(item=item)
            )
        field = parse_field_name(name)
        header_map[header.strip()] = field.value if field is not None else IGNORE
    return header_map


@dataclass(frozen=True)
class ColumnPlan:
    """Which column of a file holds which field."""

    headers: tuple[str, ...]
    columns: dict[Field, tuple[int, ...]]
    unknown: tuple[str, ...]


def resolve_columns(headers: Sequence[str], header_map: Mapping[str, str], file_name: str) -> ColumnPlan:
    """Decide which column holds which field, from the header line and the user's header map.

    Args:
        headers: the header line as written in the file.
        header_map: headers the user maps to a field (or to ``ignore``), taking precedence over the vocabulary.
        file_name: the file's name, for messages.

    Returns:
        The columns of each field, and the headers that name no field (in file order).

    Raises:
        KansliError: when the file has no first-name or last-name column, or two columns hold one field.
    """
    mapped: dict[str, Field | None] = {
        header_key(header): parse_field_name(name) for header, name in header_map.items()
    }
    columns: dict[Field, list[int]] = {}
    unknown: list[str] = []
    for index, header in enumerate(headers):
        key = header_key(header)
        if key in mapped:
            field = mapped[key]
            if field is None:
                continue
        elif key in HEADER_ALIASES:
            field = HEADER_ALIASES[key]
        else:
            unknown.append(header.strip() or _("(column {number} has no header)").format(number=index + 1))
            continue
        taken = columns.setdefault(field, [])
        if taken and field not in MULTI_COLUMN_FIELDS:
            raise KansliError(
                _(
                    "The columns “{first}” and “{second}” are both read as {field}; "
                    "map one of them to another field or to “ignore”."
                ).format(first=headers[taken[0]], second=header, field=field.value)
            )
        taken.append(index)
    if Field.FIRST_NAME not in columns or Field.LAST_NAME not in columns:
        raise KansliError(
            _(
                "No columns of first names and last names were found in {file}. The first line must name the "
                "columns (for example Etunimi;Sukunimi); it has: {headers}."
            ).format(file=file_name, headers=", ".join(header for header in headers if header.strip()) or "—")
        )
    return ColumnPlan(tuple(headers), {field: tuple(found) for field, found in columns.items()}, tuple(unknown))
