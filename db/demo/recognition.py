"""Recognitions in the demo: the spring meeting's diplomas, chosen the way the ombudsman would choose them.

Made through the recognition operations, after calling (the shortlist for volunteer of the year counts the calls):
the members reaching a membership jubilee this year, the best on the shortlist as volunteer of the year, thank-you
diplomas for the next few, and last year's volunteer of the year (who is therefore left off this year's shortlist).
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy.orm import Session

from db.demo.organisation import second_saturday_of_may
from db.recognition.models import RecognitionKind
from db.recognition.records import RecognitionData
from db.recognition.register import default_signers, give_recognition
from db.recognition.suggestions import jubilee_suggestions, volunteer_shortlist

JUBILEES = 6  # jubilee diplomas at the spring meeting, at most
THANK_YOUS = 4

_PLACE = {"fi": "Vaasa", "sv": "Vasa", "other": "Vaasa"}
_VOLUNTEER_REASON = {
    "fi": "Kiitos väsymättömästä työstä jäsenten hyväksi: soitoista, kokouksista ja kaikesta siitä, mikä ei näy "
    "pöytäkirjoissa.",
    "sv": "Tack för ett outtröttligt arbete för medlemmarna: för samtalen, mötena och allt det som inte syns i "
    "protokollen.",
    "other": "With thanks for tireless work for our members: the calls, the meetings and everything the minutes "
    "never show.",
}
_THANK_YOU_REASONS = {
    "fi": (
        "Lämmin kiitos jäsensoittokampanjan vetämisestä ja uusien jäsenten toivottamisesta tervetulleiksi.",
        "Kiitos pitkäaikaisesta työstä osaston hallituksessa ja piirin yhteisissä tapahtumissa.",
        "Kiitos kummina toimimisesta ja uusien jäsenten rinnalla kulkemisesta.",
        "Kiitos vaalityöstä, lehtisistä ja teltoista sateessa ja paisteessa.",
    ),
    "sv": (
        "Varmt tack för att du ledde ringkampanjen och välkomnade nya medlemmar.",
        "Tack för många års arbete i föreningens styrelse och vid distriktets gemensamma evenemang.",
        "Tack för att du har varit fadder och gått vid nya medlemmars sida.",
        "Tack för valarbetet, flygbladen och tälten i regn och sol.",
    ),
    "other": (
        "With warm thanks for leading the calling campaign and welcoming new members.",
        "With thanks for many years on the branch board and at the district's events.",
        "With thanks for being a godparent to new members.",
        "With thanks for the election work, the leaflets and the stalls in rain and shine.",
    ),
}


def spring_meeting(year: int) -> tuple[date, str, str]:
    """The demo district's spring meeting of ``year``: its day, the occasion's name and the board's decision."""
    return second_saturday_of_may(year), f"Kevätkokous {year} / Vårmöte {year}", f"DS 3/{year} § 7"


def build_recognition_demo(session: Session, rng: random.Random, today: date) -> int:
    """Add the spring meeting's recognitions (and last year's volunteer of the year); return how many."""
    year = today.year
    day, occasion, decision = spring_meeting(year)
    # The chair and secretary sign the diplomas: they do not give one to themselves.
    signers = {signer.name for signer in default_signers(session, day)}
    shortlist = [
        candidate
        for candidate in volunteer_shortlist(session, year, today, limit=THANK_YOUS + 4)
        if candidate.name not in signers
    ][: THANK_YOUS + 2]
    given = 0
    if len(shortlist) > 1:
        # Last year's volunteer of the year: recognised at last year's spring meeting, so off this year's list.
        last = shortlist.pop()
        last_day, last_occasion, last_decision = spring_meeting(year - 1)
        give_recognition(
            session,
            RecognitionData(
                last.member_id,
                RecognitionKind.VOLUNTEER_OF_THE_YEAR,
                last_day,
                _VOLUNTEER_REASON.get(last.language, _VOLUNTEER_REASON["other"]),
                occasion=last_occasion,
                decision=last_decision,
                place=_PLACE.get(last.language, "Vaasa"),
            ),
        )
        given += 1
    for suggestion in jubilee_suggestions(session, year, today)[:JUBILEES]:
        give_recognition(
            session,
            RecognitionData(
                suggestion.member_id,
                RecognitionKind.JUBILEE,
                day,
                jubilee_years=suggestion.years,
                occasion=occasion,
                decision=decision,
                place=_PLACE.get(suggestion.language, "Vaasa"),
            ),
        )
        given += 1
    for index, candidate in enumerate(shortlist):
        volunteer = index == 0
        reasons = _THANK_YOU_REASONS.get(candidate.language, _THANK_YOU_REASONS["other"])
        give_recognition(
            session,
            RecognitionData(
                candidate.member_id,
                RecognitionKind.VOLUNTEER_OF_THE_YEAR if volunteer else RecognitionKind.THANK_YOU,
                day,
                _VOLUNTEER_REASON.get(candidate.language, _VOLUNTEER_REASON["other"])
                if volunteer
                else rng.choice(reasons),
                occasion=occasion,
                decision=decision,
                place=_PLACE.get(candidate.language, "Vaasa"),
            ),
            allow_duplicate=True,  # a member may be thanked again, and may also be reaching a jubilee
        )
        given += 1
    return given
