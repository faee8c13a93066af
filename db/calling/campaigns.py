"""Campaigns and their questions: create (from a template or from scratch), change, close, list."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.calling.models import Call, CallSheet, Campaign, CampaignKind, Question, QuestionKind
from db.calling.outcomes import OUTCOMES
from db.calling.queue import load_campaign
from db.calling.rules import TargetRule
from db.core.base import utcnow
from db.core.district import LANGUAGE_NAMES, Language
from db.core.errors import KansliError, ValidationError
from db.core.i18n import LANGUAGES, N_, _, translator
from db.members.interests import list_interests

MAX_QUESTIONS = 8  # the boxes of a printed row have room for this many
MAX_OPTIONS = 9  # options are written as one digit on paper
_REACHED = [info.outcome.value for info in OUTCOMES if info.reached]


@dataclass(frozen=True)
class QuestionText:
    """A question's words in one language: the question and, for one of / several of, its options."""

    text: str
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuestionData:
    kind: QuestionKind
    text: str
    options: tuple[str, ...] = ()
    id: uuid.UUID | None = None  # an existing question being changed
    # The question in the script's other languages, by language code ("sv"): printed for callers of that language.
    translations: Mapping[str, QuestionText] = field(default_factory=dict)


@dataclass(frozen=True)
class ScriptText:
    """The introduction and the closing in one of the script's other languages."""

    intro: str = ""
    closing: str = ""


@dataclass(frozen=True)
class CampaignData:
    name: str
    kind: CampaignKind = CampaignKind.OTHER
    purpose: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    intro: str = ""
    closing: str = ""
    rule: TargetRule = field(default_factory=TargetRule)
    cooldown_days: int = 3
    passes: int = 2
    questions: tuple[QuestionData, ...] = ()
    # The language intro, closing and the questions are written in (None: the district's), and the script's words in
    # the other languages.
    script_language: str | None = None
    translations: Mapping[str, ScriptText] = field(default_factory=dict)


@dataclass(frozen=True)
class CampaignSummary:
    id: uuid.UUID
    name: str
    kind: CampaignKind
    starts_on: date | None
    ends_on: date | None
    closed_on: date | None
    sheets: int
    members_called: int
    members_reached: int

    def is_active(self, today: date) -> bool:
        """Open, and today within its dates."""
        return (
            self.closed_on is None
            and (self.starts_on is None or self.starts_on <= today)
            and (self.ends_on is None or self.ends_on >= today)
        )

    @property
    def short_id(self) -> str:
        """The last eight characters of the id: enough to name a campaign on the command line.

        The last, not the first: a UUIDv7 begins with its creation time, the same for campaigns made together.
        """
        return self.id.hex[-8:]


def check_campaign(data: CampaignData) -> CampaignData:
    """Return the campaign tidied, or raise :class:`ValidationError` naming the first problem."""
    name = " ".join(data.name.split())
    if not name:
        raise ValidationError("name", _("Give the campaign a name."))
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise ValidationError("ends_on", _("The campaign ends before it starts."))
    if not 0 <= data.cooldown_days <= 365:
        raise ValidationError("cooldown_days", _("The cooldown is between 0 and 365 days."))
    if not 1 <= data.passes <= 10:
        raise ValidationError("passes", _("A campaign goes through its list 1 to 10 times."))
    if len(data.questions) > MAX_QUESTIONS:
        raise ValidationError(
            "questions",
            _("A campaign has at most {count} questions (the sheets have room for no more).").format(
                count=MAX_QUESTIONS
            ),
        )
    questions = tuple(_check_question(question, number) for number, question in enumerate(data.questions, 1))
    return replace(data, name=name, rule=data.rule.check(), questions=questions)


def _check_question(question: QuestionData, number: int) -> QuestionData:
    text = question.text.strip()
    if not text:
        raise ValidationError("questions", _("Question {number} has no text.").format(number=number))
    options = tuple(option.strip() for option in question.options if option.strip())
    if question.kind in (QuestionKind.ONE_OF, QuestionKind.SEVERAL_OF):
        if len(options) < 2:
            raise ValidationError("questions", _("Question {number} needs at least two options.").format(number=number))
        if len(options) > MAX_OPTIONS:
            raise ValidationError(
                "questions",
                _("Question {number} has more than {count} options.").format(number=number, count=MAX_OPTIONS),
            )
    elif question.kind != QuestionKind.INTERESTS:
        options = ()
    translations = {
        language: _check_translation(question.kind, translated, len(options), number, language)
        for language, translated in question.translations.items()
        if translated.text.strip()
    }
    return replace(question, text=text, options=options, translations=translations)


def _language_name(code: str) -> str:
    try:
        return _(LANGUAGE_NAMES[Language(code)])
    except ValueError:
        return code


def _check_translation(
    kind: QuestionKind, translated: QuestionText, option_count: int, number: int, language: str
) -> QuestionText:
    """A question's words in another language, tidied: a choice's options, if given, match the question's one for one.

    Options left out are printed in the script's own language (a number on paper means the same option in every
    language, so a translation can never have more or fewer).
    """
    if kind not in (QuestionKind.ONE_OF, QuestionKind.SEVERAL_OF):
        return QuestionText(translated.text.strip())
    options = tuple(option.strip() for option in translated.options if option.strip())
    if options and len(options) != option_count:
        raise ValidationError(
            "questions",
            _("Question {number} has {count} options in {language}, but {expected} in the script.").format(
                number=number, count=len(options), language=_language_name(language), expected=option_count
            ),
        )
    return QuestionText(translated.text.strip(), options)


def _freeze_interests(session: Session, data: CampaignData) -> CampaignData:
    """Give each interests question the codes of the interests offered, numbered on paper in this order.

    The list is kept with the question, so the numbers written on a sheet mean the same interests when it is typed
    in, whatever has been added to the vocabulary since it was printed.
    """
    if not any(question.kind == QuestionKind.INTERESTS and not question.options for question in data.questions):
        return data
    codes = tuple(record.code for record in list_interests(session, language="en"))
    questions = tuple(
        replace(question, options=codes)
        if question.kind == QuestionKind.INTERESTS and not question.options
        else question
        for question in data.questions
    )
    return replace(data, questions=questions)


def create_campaign(session: Session, data: CampaignData) -> uuid.UUID:
    """Add a campaign with its questions; return its id."""
    data = _freeze_interests(session, check_campaign(data))
    campaign = Campaign(name=data.name)
    _apply(campaign, data)
    session.add(campaign)
    session.flush()
    _write_questions(session, campaign.id, data.questions, data.script_language)
    return campaign.id


def update_campaign(session: Session, campaign_id: uuid.UUID, data: CampaignData) -> None:
    """Change a campaign and its questions (questions left out of ``data`` are removed)."""
    data = _freeze_interests(session, check_campaign(data))
    campaign = load_campaign(session, campaign_id)
    _apply(campaign, data)
    _write_questions(session, campaign_id, data.questions, data.script_language)


def _apply(campaign: Campaign, data: CampaignData) -> None:
    campaign.name = data.name
    campaign.kind = data.kind
    campaign.purpose = (data.purpose or "").strip() or None
    campaign.starts_on = data.starts_on
    campaign.ends_on = data.ends_on
    campaign.intro = data.intro.strip()
    campaign.closing = data.closing.strip()
    new_rule = data.rule.to_json()
    if campaign.target_rule != new_rule:
        campaign.target_rule = new_rule
    campaign.cooldown_days = data.cooldown_days
    campaign.passes = data.passes
    campaign.script_language = data.script_language
    translations = _json(
        {
            language: {"intro": text.intro.strip(), "closing": text.closing.strip()}
            for language, text in data.translations.items()
            if language != data.script_language and (text.intro.strip() or text.closing.strip())
        }
    )
    if campaign.translations != translations:
        campaign.translations = translations


def _json(value: Any) -> str:
    """Canonical JSON, so that an unchanged value is written as the same text (and logs no change)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _question_translations(data: QuestionData, script_language: str | None) -> str:
    return _json(
        {
            language: {"text": text.text.strip(), "options": [option.strip() for option in text.options]}
            for language, text in data.translations.items()
            if language != script_language and text.text.strip()
        }
    )


def _write_questions(
    session: Session, campaign_id: uuid.UUID, questions: Sequence[QuestionData], script_language: str | None
) -> None:
    existing = {
        question.id: question
        for question in session.execute(
            select(Question).where(Question.campaign_id == campaign_id, Question.deleted_at.is_(None))
        ).scalars()
    }
    kept: set[uuid.UUID] = set()
    for position, data in enumerate(questions):
        question = existing.get(data.id) if data.id else None
        if question is None:
            question = Question(campaign_id=campaign_id, kind=data.kind, text=data.text)
            session.add(question)
        question.position = position
        question.kind = data.kind
        question.text = data.text
        options = json.dumps(list(data.options), ensure_ascii=False)
        if question.options != options:
            question.options = options
        translations = _question_translations(data, script_language)
        if question.translations != translations:
            question.translations = translations
        if data.id:
            kept.add(data.id)
    for question_id, question in existing.items():
        if question_id not in kept:
            question.deleted_at = utcnow()
    session.flush()


def campaign_data(session: Session, campaign_id: uuid.UUID) -> CampaignData:
    """Read a campaign and its questions back for a form."""
    campaign = load_campaign(session, campaign_id)
    return CampaignData(
        name=campaign.name,
        kind=campaign.kind,
        purpose=campaign.purpose,
        starts_on=campaign.starts_on,
        ends_on=campaign.ends_on,
        intro=campaign.intro,
        closing=campaign.closing,
        rule=TargetRule.from_json(campaign.target_rule),
        cooldown_days=campaign.cooldown_days,
        passes=campaign.passes,
        questions=tuple(
            QuestionData(
                question.kind,
                question.text,
                tuple(json.loads(question.options or "[]")),
                question.id,
                translations=question_translations(question),
            )
            for question in campaign_questions(session, campaign_id)
        ),
        script_language=campaign.script_language,
        translations=script_translations(campaign),
    )


def script_translations(campaign: Campaign) -> dict[str, ScriptText]:
    """A campaign's introduction and closing in its script's other languages."""
    stored: dict[str, dict[str, str]] = json.loads(campaign.translations or "{}")
    return {language: ScriptText(text.get("intro", ""), text.get("closing", "")) for language, text in stored.items()}


def question_translations(question: Question) -> dict[str, QuestionText]:
    """A question in its campaign's other languages."""
    stored: dict[str, dict[str, Any]] = json.loads(question.translations or "{}")
    return {
        language: QuestionText(text.get("text", ""), tuple(text.get("options", ())))
        for language, text in stored.items()
    }


def campaign_questions(session: Session, campaign_id: uuid.UUID) -> list[Question]:
    """The live questions of a campaign in their order."""
    return list(
        session.execute(
            select(Question)
            .where(Question.campaign_id == campaign_id, Question.deleted_at.is_(None))
            .order_by(Question.position, Question.created_at)
        ).scalars()
    )


def close_campaign(session: Session, campaign_id: uuid.UUID, today: date) -> None:
    load_campaign(session, campaign_id).closed_on = today


def reopen_campaign(session: Session, campaign_id: uuid.UUID) -> None:
    load_campaign(session, campaign_id).closed_on = None


class AmbiguousCampaignError(KansliError):
    def __init__(self, text: str) -> None:
        super().__init__(_("More than one campaign matches {text}; give more of its id.").format(text=text))


class NoSuchCampaignError(KansliError):
    def __init__(self, text: str) -> None:
        super().__init__(_("No campaign matches {text}; `kansli calling list` shows them.").format(text=text))


def find_campaign(session: Session, text: str) -> uuid.UUID:
    """Find a campaign by its id, the end of its id (as `kansli calling list` prints it) or its exact name."""
    wanted = text.strip().lower().replace("-", "")
    campaigns: list[tuple[uuid.UUID, str]] = [
        (row.id, row.name)
        for row in session.execute(select(Campaign.id, Campaign.name).where(Campaign.deleted_at.is_(None)))
    ]
    by_name = [campaign_id for campaign_id, name in campaigns if name.strip().lower() == text.strip().lower()]
    if len(by_name) == 1:
        return by_name[0]
    matches = [
        campaign_id
        for campaign_id, _name in campaigns
        if len(wanted) >= 4 and (campaign_id.hex.endswith(wanted) or campaign_id.hex.startswith(wanted))
    ]
    if len(matches) > 1 or len(by_name) > 1:
        raise AmbiguousCampaignError(text)
    if not matches:
        raise NoSuchCampaignError(text)
    return matches[0]


def _counts(rows: Iterable[Any]) -> dict[uuid.UUID, int]:
    return {key: int(count) for key, count in rows}


def list_campaigns(session: Session) -> list[CampaignSummary]:
    """Every campaign, the open ones first, then by start date (newest first) and name."""
    sheets: dict[uuid.UUID, int] = _counts(
        session.execute(
            select(CallSheet.campaign_id, func.count())
            .where(CallSheet.deleted_at.is_(None))
            .group_by(CallSheet.campaign_id)
        )
    )
    called: dict[uuid.UUID, int] = _counts(
        session.execute(
            select(Call.campaign_id, func.count(func.distinct(Call.member_id)))
            .where(Call.deleted_at.is_(None))
            .group_by(Call.campaign_id)
        )
    )
    reached: dict[uuid.UUID, int] = _counts(
        session.execute(
            select(Call.campaign_id, func.count(func.distinct(Call.member_id)))
            .where(Call.deleted_at.is_(None), Call.outcome.in_(_REACHED))
            .group_by(Call.campaign_id)
        )
    )
    summaries = [
        CampaignSummary(
            campaign.id,
            campaign.name,
            campaign.kind,
            campaign.starts_on,
            campaign.ends_on,
            campaign.closed_on,
            sheets.get(campaign.id, 0),
            called.get(campaign.id, 0),
            reached.get(campaign.id, 0),
        )
        for campaign in session.execute(select(Campaign).where(Campaign.deleted_at.is_(None))).scalars()
    ]
    summaries.sort(key=lambda summary: summary.name.casefold())
    summaries.sort(key=lambda summary: summary.starts_on or date.min, reverse=True)
    summaries.sort(key=lambda summary: summary.closed_on is not None)
    return summaries


# --- Templates -------------------------------------------------------------------------------------------------


def _season_dates(today: date) -> tuple[date, date]:
    """November to the end of February: this season's if we are in it, else the next one."""
    year = today.year - 1 if today.month <= 2 else today.year
    start = date(year, 11, 1)
    end = date(year + 1, 3, 1) - timedelta(days=1)
    return start, end


def template(kind: CampaignKind, language: str, today: date) -> CampaignData:
    """A campaign ready to use, worded in ``language``: the welcome call, the member calling or contact campaign.

    Its script comes in the other languages too, so each volunteer's sheets print in their own.
    """
    written = _template_in(kind, language, today)
    if kind == CampaignKind.OTHER:
        return replace(written, script_language=language)
    others = {other: _template_in(kind, other, today) for other in LANGUAGES if other != language}
    questions = tuple(
        replace(
            question,
            translations={
                other: QuestionText(version.questions[index].text, version.questions[index].options)
                for other, version in others.items()
            },
        )
        for index, question in enumerate(written.questions)
    )
    return replace(
        written,
        questions=questions,
        script_language=language,
        translations={other: ScriptText(version.intro, version.closing) for other, version in others.items()},
    )


def _template_in(kind: CampaignKind, language: str, today: date) -> CampaignData:
    _t = translator(language).gettext
    if kind == CampaignKind.WELCOME:
        return CampaignData(
            name=_t(N_("Welcome call")),
            kind=kind,
            purpose=_t(N_("Every new member is called, welcomed and offered a godparent.")),
            starts_on=today,
            intro=_t(
                N_(
                    "Hello, I am calling from the party's branch to welcome you as a new member. "
                    "Do you have a few minutes?"
                )
            ),
            closing=_t(N_("Thank you, and welcome! You will hear from your godparent soon.")),
            rule=TargetRule(kinds=("member",), joined_within_days=90),
            cooldown_days=2,
            passes=3,
            questions=(
                QuestionData(QuestionKind.INTERESTS, _t(N_("What would you like to do in the party?"))),
                QuestionData(
                    QuestionKind.GODPARENT,
                    _t(N_("Would you like a godparent, an experienced member who helps you get started?")),
                ),
                QuestionData(QuestionKind.CHECK_EMAIL, _t(N_("Is your e-mail address right?"))),
            ),
        )
    if kind == CampaignKind.MEMBER_CALLING:
        start, end = _season_dates(today)
        return CampaignData(
            name=_t(N_("Member calling {year}")).format(year=f"{start.year}–{end.year}"),
            kind=kind,
            purpose=_t(N_("The branches call all their members between November and February.")),
            starts_on=start,
            ends_on=end,
            intro=_t(N_("Hello, I am a volunteer of the party's branch. We are calling all our members. How are you?")),
            closing=_t(N_("Thank you for your time! You can update your own details on the member pages.")),
            rule=TargetRule(kinds=("member",)),
            cooldown_days=3,
            passes=2,
            questions=(
                QuestionData(QuestionKind.YES_NO, _t(N_("Would you like to help in the elections?"))),
                QuestionData(QuestionKind.FREE_TEXT, _t(N_("How are you? Anything you want to tell the party?"))),
                QuestionData(QuestionKind.CHECK_EMAIL, _t(N_("Is your e-mail address right?"))),
                QuestionData(QuestionKind.INTERESTS, _t(N_("What would you like to do?"))),
                QuestionData(QuestionKind.YES_NO, _t(N_("Told how to update your own details?"))),
            ),
        )
    if kind == CampaignKind.CONTACT_DETAILS:
        return CampaignData(
            name=_t(N_("Contact details {year}")).format(year=today.year),
            kind=kind,
            purpose=_t(N_("Activists check and update members' contact details.")),
            starts_on=today,
            ends_on=today + timedelta(days=60),
            intro=_t(N_("Hello, I am calling from the party's branch to check that your contact details are right.")),
            closing=_t(N_("Thank you! Your details are now up to date.")),
            rule=TargetRule(kinds=("member", "supporter"), not_reached_days=180),
            cooldown_days=3,
            passes=2,
            questions=(
                QuestionData(QuestionKind.CHECK_EMAIL, _t(N_("Is your e-mail address right?"))),
                QuestionData(QuestionKind.YES_NO, _t(N_("Is this phone number the best one to reach you?"))),
                QuestionData(
                    QuestionKind.ONE_OF,
                    _t(N_("How would you like to receive the member paper?")),
                    (_t(N_("By post")), _t(N_("By e-mail")), _t(N_("Both"))),
                ),
            ),
        )
    return CampaignData(name=_t(N_("New campaign")), kind=CampaignKind.OTHER, starts_on=today)


def standing_welcome_campaign(session: Session) -> uuid.UUID | None:
    """The open welcome campaign, if there is one (new members enter it by themselves)."""
    return session.execute(
        select(Campaign.id)
        .where(Campaign.kind == CampaignKind.WELCOME, Campaign.closed_on.is_(None), Campaign.deleted_at.is_(None))
        .order_by(Campaign.created_at)
        .limit(1)
    ).scalar_one_or_none()
