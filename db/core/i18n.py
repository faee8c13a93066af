"""Translations for every layer: gettext catalogs read without Qt, dates and numbers through Babel.

The catalogs are the ``.po`` files in ``resources/locale``; they are compiled in memory on first use, so a source
checkout and a frozen bundle need no build step. ``desktop`` switches the language at run time with
:func:`set_language`; printouts in a given language (a diploma in the recipient's language) use
:func:`translator` instead of the process-wide language.
"""

from __future__ import annotations

import gettext as gettext_module
import io
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from typing import Final

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from resources import resource_path

LANGUAGES: Final = ("fi", "sv", "en")
DOMAIN: Final = "kansli"
_BABEL_LOCALES: Final = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}

_state = threading.local()
_default_language = "en"


@cache
def translator(language: str) -> gettext_module.NullTranslations:
    """Return the translations of one language (English returns the messages as written)."""
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    po_path = resource_path("locale", language, "LC_MESSAGES", f"{DOMAIN}.po")
    if language == "en" or not po_path.exists():
        return gettext_module.NullTranslations()
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext_module.GNUTranslations(buffer)


def set_language(language: str) -> None:
    """Make ``language`` the language of messages for the whole program."""
    global _default_language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language {language!r}")
    _default_language = language
    _state.language = None


def current_language() -> str:
    """Return the language messages are given in on this thread."""
    return getattr(_state, "language", None) or _default_language


@contextmanager
def language(code: str) -> Iterator[None]:
    """Give messages in ``code`` on this thread for the duration of a ``with`` block."""
    previous = getattr(_state, "language", None)
    _state.language = code
    try:
        yield
    finally:
        _state.language = previous


def gettext(message: str) -> str:
    """Translate ``message`` into the current language."""
    return translator(current_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """Translate a message that depends on a count."""
    return translator(current_language()).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """Translate a short message whose meaning depends on ``context`` (a menu, a column, a status)."""
    return translator(current_language()).pgettext(context, message)


def N_(message: str) -> str:
    """Mark ``message`` for translation without translating it now (module-level labels)."""
    return message


_ = gettext

# What a stored label begins with: a control character no translated text holds (labels stored before labels were
# stored this way are plain text, and are shown as they are).
_LABEL_MARK: Final = "\x1e"


class Label:
    """A text stored now and shown later in whatever language is current then ("Edit member", "Undo: {label}").

    The database keeps the English message and its arguments (:meth:`stored`); :func:`label_text` turns that into the
    text of the language asked for. An argument may itself be a stored label: it is shown in the same language.
    A label with a count has a plural message too (:func:`plural_label`).
    """

    __slots__ = ("arguments", "count", "message", "plural")

    def __init__(self, message: str, **arguments: str) -> None:
        self.message = message
        self.arguments = arguments
        self.plural: str | None = None
        self.count = 1

    def stored(self) -> str:
        """The form kept in the database."""
        data: dict[str, object] = {"m": self.message, "a": self.arguments}
        if self.plural is not None:
            data.update(p=self.plural, n=self.count)
        return _LABEL_MARK + json.dumps(data, ensure_ascii=False, sort_keys=True)

    def text(self, language: str | None = None) -> str:
        """The label in ``language`` (the current language by default)."""
        catalog = translator(language or current_language())
        arguments = {name: label_text(value, language) for name, value in self.arguments.items()}
        if self.plural is None:
            return catalog.gettext(self.message).format(**arguments)
        return catalog.ngettext(self.message, self.plural, self.count).format(
            count=format_count(self.count, language), **arguments
        )


def plural_label(singular: str, plural: str, count: int, **arguments: str) -> Label:
    """A :class:`Label` whose words depend on ``count`` ("Delete {count} people"); ``{count}`` is filled in."""
    label = Label(singular, **arguments)
    label.plural, label.count = plural, count
    return label


def stored_label(label: str | Label) -> str:
    """What the database keeps for ``label`` (a plain string is kept as it is: shown the same in every language)."""
    return label.stored() if isinstance(label, Label) else label


def label_text(stored: str, language: str | None = None) -> str:
    """A label from the database in ``language`` (the current language by default); plain text as it is."""
    if not stored.startswith(_LABEL_MARK):
        return stored
    try:
        data = json.loads(stored[len(_LABEL_MARK) :])
        label = Label(str(data["m"]))
        label.arguments = {str(name): str(value) for name, value in data.get("a", {}).items()}
        if data.get("p") is not None:
            label.plural, label.count = str(data["p"]), int(data.get("n", 1))
        return label.text(language)
    except (ValueError, KeyError, TypeError, AttributeError):
        return stored[len(_LABEL_MARK) :]  # damaged: better the raw text than nothing


def language_from_environment(default: str = "en") -> str:
    """Pick fi, sv or en from ``KANSLI_LANG`` or the POSIX locale variables."""
    for variable in ("KANSLI_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        code = value.split(":")[0][:2].lower()
        if code in LANGUAGES:
            return code
    return default


def babel_locale(code: str | None = None) -> Locale:
    """Return the Babel locale used for dates and numbers in a language."""
    return Locale.parse(_BABEL_LOCALES[code or current_language()])


def format_day(value: date | None, code: str | None = None, style: str = "short") -> str:
    """Format a date in the user's language ("1.3.2024", "2024-03-01", "01/03/2024")."""
    if value is None:
        return ""
    return babel_format_date(value, format=style, locale=babel_locale(code))


def format_moment(value: datetime | None, code: str | None = None, style: str = "short") -> str:
    """Format a UTC moment in the user's language and local time zone."""
    if value is None:
        return ""
    return babel_format_datetime(value.astimezone(), format=style, locale=babel_locale(code))


def format_count(value: int | float, code: str | None = None) -> str:
    """Format a number with the language's digit grouping ("100 000")."""
    return format_decimal(value, locale=babel_locale(code))
