"""A campaign's script in the caller's language: templates come in fi, sv and en; a script typed in one language
prints in it unless a translation is given; a translated choice keeps the question's options one for one."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime

import pytest

from db.calling.campaigns import (
    CampaignData,
    QuestionData,
    QuestionText,
    ScriptText,
    campaign_data,
    check_campaign,
    create_campaign,
    template,
    update_campaign,
)
from db.calling.models import CampaignKind, QuestionKind
from db.calling.printing import build_print_job, choose_sheets
from db.calling.printout import CallSheetPrintout
from db.calling.rules import TargetRule
from db.core.database import Database
from db.core.errors import ValidationError
from db.core.i18n import translator
from db.members.interests import seed_default_interests
from tests.db.calling_helpers import TODAY, MakeMember, assign_all, quick_caller

NOW = datetime(2026, 11, 26, 12, 0)


def _printout(database: Database, campaign_id: uuid.UUID, language: str) -> CallSheetPrintout:
    with database.reading() as session:
        sheets = choose_sheets(session, campaign_id, None)
        return build_print_job(session, campaign_id, sheets, TODAY, NOW, language).printout


def _campaign(database: Database, data: CampaignData, make_member: MakeMember) -> uuid.UUID:
    for number in range(3):
        make_member(f"Jäsen{number}", "Testinen", phone=f"040 700 00{number:02d}")
    with database.transaction("Add campaign") as session:
        seed_default_interests(session)
        campaign_id = create_campaign(session, data)
    assign_all(database, campaign_id, [quick_caller(database, "Malin")])
    return campaign_id


def test_a_template_made_in_finnish_prints_in_swedish_for_a_swedish_caller(
    database: Database, make_member: MakeMember
) -> None:
    data = template(CampaignKind.MEMBER_CALLING, "fi", TODAY)
    assert data.script_language == "fi" and set(data.translations) == {"sv", "en"}
    campaign_id = _campaign(database, data, make_member)
    swedish = translator("sv").gettext
    finnish = translator("fi").gettext

    in_swedish = _printout(database, campaign_id, "sv")
    in_finnish = _printout(database, campaign_id, "fi")

    sv_intro = swedish("Hello, I am a volunteer of the party's branch. We are calling all our members. How are you?")
    assert in_swedish.intro == sv_intro != in_finnish.intro
    assert in_swedish.questions[0].text == swedish("Would you like to help in the elections?")
    assert in_finnish.questions[0].text == finnish("Would you like to help in the elections?")
    assert in_swedish.closing == swedish(
        "Thank you for your time! You can update your own details on the member pages."
    )


def test_the_translations_are_kept_and_read_back_and_a_script_without_one_prints_as_written(
    database: Database, make_member: MakeMember
) -> None:
    question = QuestionData(
        QuestionKind.ONE_OF,
        "Miten haluat lehden?",
        ("Postissa", "Sähköpostilla"),
        translations={"sv": QuestionText("Hur vill du ha tidningen?", ("Per post", "Per e-post"))},
    )
    data = CampaignData(
        name="Lehtikysely",
        intro="Hei!",
        closing="Kiitos!",
        rule=TargetRule(),
        questions=(question, QuestionData(QuestionKind.YES_NO, "Saako soittaa uudelleen?")),
        script_language="fi",
        translations={"sv": ScriptText("Hej!", "Tack!")},
    )
    campaign_id = _campaign(database, data, make_member)

    with database.reading() as session:
        stored = campaign_data(session, campaign_id)
    assert stored.translations == {"sv": ScriptText("Hej!", "Tack!")}
    assert stored.questions[0].translations == {
        "sv": QuestionText("Hur vill du ha tidningen?", ("Per post", "Per e-post"))
    }
    assert stored.questions[1].translations == {}

    swedish = _printout(database, campaign_id, "sv")
    assert (swedish.intro, swedish.closing) == ("Hej!", "Tack!")
    assert swedish.questions[0].options == ("Per post", "Per e-post")
    assert swedish.questions[1].text == "Saako soittaa uudelleen?"  # not translated
    english = _printout(database, campaign_id, "en")
    assert (english.intro, english.questions[0].text) == ("Hei!", "Miten haluat lehden?")

    # Emptying a translation removes it.
    with database.transaction("Edit") as session:
        update_campaign(session, campaign_id, replace(stored, translations={}))
    assert _printout(database, campaign_id, "sv").intro == "Hei!"


def test_a_translated_choice_must_keep_the_number_of_options() -> None:
    question = QuestionData(
        QuestionKind.ONE_OF,
        "Miten?",
        ("Postissa", "Sähköpostilla", "Molemmat"),
        translations={"sv": QuestionText("Hur?", ("Per post", "Per e-post"))},
    )
    with pytest.raises(ValidationError) as refused:
        check_campaign(CampaignData(name="X", questions=(question,)))
    assert "2" in str(refused.value) and "3" in str(refused.value)
