"""Checking and normalising what people type or import: phone numbers, e-mail addresses, names, years."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from db.core.district import Country
from db.core.errors import ValidationError
from db.core.i18n import _

# Most addresses are plain ASCII; these are accepted without the full parser, which handles everything else.
_PLAIN_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}"
)
_PHONE_PUNCTUATION = re.compile(r"[\s().\-/]")
_HOME_COUNTRY_PREFIXES = ("+358", "+46")


def normalize_email(text: str) -> str:
    """Return an e-mail address in lower case, or raise :class:`ValidationError` saying why it is refused."""
    candidate = text.strip().lower()
    if not candidate:
        raise ValidationError("email", _("The e-mail address is empty."))
    if len(candidate) <= 254 and _PLAIN_EMAIL.fullmatch(candidate):
        return candidate
    try:
        result = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError:
        raise ValidationError(
            "email", _("“{value}” is not a valid e-mail address.").format(value=text.strip())
        ) from None
    return result.normalized.lower()


@cache
def _region_pattern(region: str) -> re.Pattern[str] | None:
    """One pattern matching a national number of any kind (mobile, fixed line, …) of a region, compiled once."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    if metadata is None:
        return None
    descriptions = (
        metadata.fixed_line,
        metadata.mobile,
        metadata.toll_free,
        metadata.premium_rate,
        metadata.shared_cost,
        metadata.personal_number,
        metadata.voip,
        metadata.pager,
        metadata.uan,
        metadata.voicemail,
    )
    alternatives = [
        f"(?:{description.national_number_pattern})"
        for description in descriptions
        if description is not None and description.national_number_pattern
    ]
    return re.compile("|".join(alternatives)) if alternatives else None


@cache
def _country_code(region: str) -> int:
    # phonenumbers looks the region up in its metadata on every call (10 µs, a second on a large import).
    return int(phonenumbers.country_code_for_region(region))


def normalize_phone(text: str, country: Country) -> str:
    """Return a phone number in E.164 (``+358401234567``); a number without a country code is in ``country``.

    Raises:
        ValidationError: when the text is not a valid phone number.
    """
    raw = text.strip()
    compact = _PHONE_PUNCTUATION.sub("", raw)
    if not compact:
        raise ValidationError("phone", _("The phone number is empty."))
    # Fast path for the district's own numbers written nationally ("040 123 4567"): the same check as
    # phonenumbers.is_valid_number, against the region's number patterns, without parsing.
    if compact.isdigit() and compact.startswith("0") and not compact.startswith("00"):
        national = compact[1:]
        pattern = _region_pattern(country.value)
        if pattern is not None and pattern.fullmatch(national):
            return f"+{_country_code(country.value)}{national}"
    try:
        parsed = phonenumbers.parse(raw, country.value)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise ValidationError("phone", _("“{value}” is not a valid phone number.").format(value=raw))
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """Format a stored number for reading: ``+358 40 1234567``."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def national_phone_digits(e164: str) -> str:
    """Return a stored number as it is dialled at home (``0401234567``), for searching."""
    # Fast path for the two numbering plans of the register (the search index asks for every member's phones):
    # a stored Finnish or Swedish number is the country code and a national number without its leading 0.
    for prefix in _HOME_COUNTRY_PREFIXES:
        if e164.startswith(prefix):
            national = e164[len(prefix) :]
            if national.isdigit() and national.isascii() and not national.startswith("0"):
                return "0" + national
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return ""
    return "0" + str(parsed.national_number)


def clean_name(text: str, field: str) -> str:
    """Return a name with surrounding and repeated spaces removed; refuse an empty one."""
    cleaned = " ".join(text.split())
    if not cleaned:
        message = _("The first name is missing.") if field == "first_name" else _("The last name is missing.")
        raise ValidationError(field, message)
    if len(cleaned) > 100:
        raise ValidationError(field, _("The name is longer than 100 characters."))
    return cleaned


def check_birth_year(year: int | None, today: date | None = None) -> int | None:
    """Refuse a birth year that cannot be right."""
    if year is None:
        return None
    this_year = (today or date.today()).year
    if not 1880 <= year <= this_year:
        raise ValidationError("birth_year", _("The birth year {year} is not possible.").format(year=year))
    return year
