"""Call outcome codes: short codes for paper, labels in three languages, and what each one does.

The set merges Zetkin's call states with the member-specific outcomes of party calling (wants to resign, do not
call again); see ``../shared/research/mission.md`` §6.5. The codes are the same in every language so that the
ombudsman types the same letters whatever language a volunteer's sheet was printed in.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from db.core.i18n import N_


class Outcome(enum.StrEnum):
    TALKED = "talked"
    CALL_BACK = "call_back"
    NO_ANSWER = "no_answer"
    VOICEMAIL = "voicemail"
    BUSY = "busy"
    WRONG_NUMBER = "wrong_number"
    NOT_IN_USE = "not_in_use"
    REFUSED = "refused"
    DO_NOT_CALL = "do_not_call"
    WANTS_TO_RESIGN = "wants_to_resign"
    MOVED = "moved"
    DECEASED = "deceased"
    LANGUAGE_BARRIER = "language_barrier"
    INTERRUPTED = "interrupted"


class Effect(enum.StrEnum):
    """What entering an outcome does besides recording the call."""

    NONE = "none"
    PHONE_INVALID = "phone_invalid"  # the number called is marked invalid
    DO_NOT_CALL = "do_not_call"  # the member's do-not-call flag is set
    TASK = "task"  # a task for the ombudsman; nothing changes membership until it is confirmed
    CALL_BACK = "call_back"  # call-back-after is set (the date written on the sheet)


@dataclass(frozen=True)
class OutcomeInfo:
    outcome: Outcome
    code: str
    label: str  # an N_ message: translate when shown
    reached: bool  # a conversation took place (counts as reached in the progress figures)
    final: bool  # the member leaves this campaign's queue (no further passes)
    effect: Effect


OUTCOMES: tuple[OutcomeInfo, ...] = (
    OutcomeInfo(Outcome.TALKED, "T", N_("Talked"), True, True, Effect.NONE),
    OutcomeInfo(Outcome.CALL_BACK, "CB", N_("Call back (when)"), True, False, Effect.CALL_BACK),
    OutcomeInfo(Outcome.NO_ANSWER, "NA", N_("No answer"), False, False, Effect.NONE),
    OutcomeInfo(Outcome.VOICEMAIL, "VM", N_("Voicemail left"), False, False, Effect.NONE),
    OutcomeInfo(Outcome.BUSY, "B", N_("Busy"), False, False, Effect.NONE),
    OutcomeInfo(Outcome.WRONG_NUMBER, "WN", N_("Wrong number"), False, True, Effect.PHONE_INVALID),
    OutcomeInfo(Outcome.NOT_IN_USE, "NU", N_("Number not in use"), False, True, Effect.PHONE_INVALID),
    OutcomeInfo(Outcome.REFUSED, "R", N_("Refused"), True, True, Effect.NONE),
    OutcomeInfo(Outcome.DO_NOT_CALL, "DNC", N_("Do not call again"), True, True, Effect.DO_NOT_CALL),
    OutcomeInfo(Outcome.WANTS_TO_RESIGN, "RES", N_("Wants to resign"), True, True, Effect.TASK),
    OutcomeInfo(Outcome.MOVED, "MOV", N_("Moved"), True, True, Effect.TASK),
    OutcomeInfo(Outcome.DECEASED, "DEC", N_("Deceased"), False, True, Effect.TASK),
    OutcomeInfo(Outcome.LANGUAGE_BARRIER, "LANG", N_("Language barrier"), False, False, Effect.NONE),
    OutcomeInfo(Outcome.INTERRUPTED, "INT", N_("Interrupted"), True, False, Effect.NONE),
)

_BY_OUTCOME = {info.outcome: info for info in OUTCOMES}
_BY_CODE = {info.code: info for info in OUTCOMES}


def outcome_info(outcome: Outcome) -> OutcomeInfo:
    """Return the code, label and effect of ``outcome``."""
    return _BY_OUTCOME[outcome]


def outcome_for_code(code: str) -> OutcomeInfo | None:
    """Return the outcome whose code is ``code`` (any case, surrounding spaces ignored), or None."""
    return _BY_CODE.get(code.strip().upper())


def codes_starting_with(prefix: str) -> list[OutcomeInfo]:
    """Return the outcomes whose code starts with ``prefix`` (for completion while typing)."""
    wanted = prefix.strip().upper()
    return [info for info in OUTCOMES if info.code.startswith(wanted)]


# The letters a caller circles for yes and no, by the sheet's language. They are not messages to translate: the
# printout shows them and the entry reads them back, so both take them from here.
YES_NO_LETTERS: Mapping[str, tuple[str, str]] = MappingProxyType({"fi": ("K", "E"), "sv": ("J", "N"), "en": ("Y", "N")})


def yes_no_letters(language: str) -> tuple[str, str]:
    """Return the letters for yes and no on sheets in ``language`` (K/E, J/N, Y/N); English for others."""
    return YES_NO_LETTERS.get(language, YES_NO_LETTERS["en"])
