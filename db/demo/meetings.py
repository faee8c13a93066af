"""The district board's meetings in the demo: a year of them, from the constituent meeting of its term onwards.

Made through the meeting operations themselves, as a secretary would: the agenda from the template, the board
invited from its positions of trust, people excused or coming late, the business of the day with proposals,
decisions and action items (done at later meetings, or still open), and the minutes checked, signed and approved.
The latest meeting held is still a draft; the meetings ahead are planned. § numbers run through the year.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import Body, BodyKind, PositionRole
from db.branches.operations import positions
from db.core.district import get_district
from db.demo.organisation import district_term_start
from db.meetings.actions import add_action, set_action_status
from db.meetings.agenda import add_item, decide_as_proposed, live_items, record_decision
from db.meetings.attendance import add_attendee, attendees, set_attendance, set_officers
from db.meetings.meetings import create_meeting
from db.meetings.models import (
    SEAT_ROLES,
    ActionStatus,
    AttendanceStatus,
    AttendeeRole,
    ItemKind,
    Meeting,
    MeetingKind,
    SectionNumbering,
)
from db.meetings.records import ActionData, AttendeeData, AttendeeRecord, ItemData, MeetingData
from db.meetings.settings import MeetingSettingsData, save_body_settings
from db.meetings.workflow import approve_minutes, mark_signed, send_to_checkers

_PLACES = {"fi": ("Vaasa, Työväentalo", "Seinäjoki, piiritoimisto"), "sv": ("Vasa, Folkets hus", "Jakobstad, kansliet")}
_SIGNED_AT = {"fi": "Vaasa", "sv": "Vasa"}
_OMBUDSMAN = {"fi": ("Mikaela Toivonen", "toiminnanjohtaja"), "sv": ("Mikaela Toivonen", "ombudsman")}
_NOTED = {"fi": "Merkittiin tiedoksi.", "sv": "att lägga informationen till handlingarna"}
_NO_OTHER = {"fi": "Ei muita asioita.", "sv": "Inga övriga frågor."}
_NEXT = {"fi": "Seuraava kokous pidetään {date} klo 18.", "sv": "att nästa möte hålls den {date} kl. 18"}
_DISSENT = {"fi": "Esitys on liian kallis piirin taloustilanteeseen nähden.", "sv": "Förslaget är för dyrt."}


@dataclass(frozen=True)
class _Topic:
    title: tuple[str, str]  # fi, sv
    background: tuple[str, str]
    proposal: tuple[str, str]
    decision: tuple[str, str]
    actions: tuple[tuple[str, str], ...] = ()
    disputed: bool = False  # a member leaves a dissenting opinion
    conflict: bool = False  # a member steps out (a grant to their own branch)


_TOPICS = (
    _Topic(
        ("Kevään jäsenkampanja", "Vårens medlemskampanj"),
        (
            "Piiri järjestää keväällä jäsenkampanjan yhdessä osastojen kanssa.",
            "Distriktet ordnar en medlemskampanj i vår tillsammans med föreningarna.",
        ),
        (
            "Hyväksytään kampanjasuunnitelma ja 1 500 euron talousarvio.",
            "att godkänna kampanjplanen och en budget på 1 500 euro",
        ),
        (
            "Hyväksyttiin kampanjasuunnitelma ja 1 500 euron talousarvio.",
            "att godkänna kampanjplanen och en budget på 1 500 euro",
        ),
        (
            ("Laadi kampanja-aikataulu osastoille", "Gör upp en tidtabell för föreningarna"),
            ("Tilaa kampanjamateriaalit", "Beställ kampanjmaterialet"),
        ),
    ),
    _Topic(
        ("Puheenjohtajakokouksen valmistelu", "Förberedelse av ordförandemötet"),
        (
            "Osastojen puheenjohtajat kokoontuvat kuusi kertaa vuodessa.",
            "Föreningarnas ordförande träffas sex gånger om året.",
        ),
        (
            "Päätetään puheenjohtajakokouksen ajankohta ja ohjelma.",
            "att besluta om tid och program för ordförandemötet",
        ),
        (
            "Puheenjohtajakokous pidetään kuukauden kuluttua; ohjelmaan soittokampanja.",
            "att ordförandemötet hålls om en månad med ringkampanjen på programmet",
        ),
        (("Lähetä kutsu osastojen puheenjohtajille", "Skicka kallelsen till föreningarnas ordförande"),),
    ),
    _Topic(
        ("Jäsenlehden seuraava numero", "Medlemstidningens nästa nummer"),
        ("Toimituskunta esittelee seuraavan numeron sisällön.", "Redaktionsrådet presenterar nästa nummers innehåll."),
        ("Hyväksytään numeron sisältösuunnitelma.", "att godkänna innehållsplanen för numret"),
        ("Hyväksyttiin sisältösuunnitelma.", "att godkänna innehållsplanen för numret"),
        (("Kokoa osastojen kuulumiset lehteen", "Samla föreningarnas nyheter till tidningen"),),
    ),
    _Topic(
        ("Lausunto hyvinvointialueen talousarviosta", "Utlåtande om välfärdsområdets budget"),
        ("Hyvinvointialue pyytää puolueilta lausuntoa.", "Välfärdsområdet ber partierna om ett utlåtande."),
        ("Annetaan lausunto liitteen mukaisena.", "att ge ett utlåtande enligt bilagan"),
        ("Päätettiin antaa lausunto liitteen mukaisena.", "att ge ett utlåtande enligt bilagan"),
        disputed=True,
    ),
    _Topic(
        ("Avustushakemus osaston tapahtumaan", "Bidragsansökan för en förenings evenemang"),
        ("Osasto hakee 300 euron avustusta perhetapahtumaan.", "Föreningen ansöker om 300 euro för en familjedag."),
        ("Myönnetään 300 euron avustus.", "att bevilja ett bidrag på 300 euro"),
        ("Myönnettiin 300 euron avustus.", "att bevilja ett bidrag på 300 euro"),
        (("Maksa avustus osastolle", "Betala ut bidraget till föreningen"),),
        conflict=True,
    ),
    _Topic(
        ("Koulutuspäivä osastojen hallituksille", "Utbildningsdag för föreningsstyrelserna"),
        ("Uusille hallituksille järjestetään perehdytys.", "De nya styrelserna får en introduktion."),
        (
            "Järjestetään koulutuspäivä ja varataan siihen 800 euroa.",
            "att ordna en utbildningsdag med en budget på 800 euro",
        ),
        ("Järjestetään koulutuspäivä; varattiin 800 euroa.", "att ordna en utbildningsdag med en budget på 800 euro"),
        (
            ("Varaa koulutustila ja kouluttaja", "Boka lokal och utbildare"),
            ("Lähetä kutsu hallituksille", "Skicka inbjudan"),
        ),
    ),
    _Topic(
        ("Vaalityöryhmän kokoonpano", "Valarbetsgruppens sammansättning"),
        ("Vaalityöryhmään tarvitaan kaksi uutta jäsentä.", "Valarbetsgruppen behöver två nya medlemmar."),
        (
            "Valitaan työryhmään kaksi jäsentä osastojen ehdotuksista.",
            "att välja två medlemmar bland föreningarnas förslag",
        ),
        ("Valittiin kaksi jäsentä osastojen ehdotuksista.", "att välja två medlemmar bland föreningarnas förslag"),
    ),
)


def _second_tuesday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(1 - first.weekday()) % 7 + 7)


def _board(session: Session) -> uuid.UUID | None:
    return session.execute(
        select(Body.id)
        .where(Body.kind == BodyKind.DISTRICT_BOARD, Body.branch_id.is_(None), Body.deleted_at.is_(None))
        .order_by(Body.created_at)
        .limit(1)
    ).scalar_one_or_none()


def build_meetings_demo(session: Session, rng: random.Random, today: date) -> int:
    """Add a year of the district board's meetings; return how many."""
    body_id = _board(session)
    if body_id is None:
        return 0
    language = get_district(session).language.value
    lang = "sv" if language == "sv" else "fi"
    save_body_settings(
        session, body_id, MeetingSettingsData(target_meetings=8, numbering=SectionNumbering.RUNNING_YEAR)
    )
    start = max(district_term_start(today), today - timedelta(days=330))
    days: list[date] = []
    year, month = start.year, start.month
    while len(days) < 11:
        day = _second_tuesday(year, month)
        if month != 7 and day >= start:  # no meeting in July
            days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    held = [day for day in days if day <= today]
    builder = _MeetingWriter(session, rng, body_id, lang, today)
    for index, day in enumerate(days):
        following = days[index + 1] if index + 1 < len(days) else None
        if day > today:
            builder.planned(day, following)
        else:
            constituent = index == 0 and start == district_term_start(today)
            builder.held(day, following, constituent=constituent, draft=day == held[-1])
    builder.close_actions(days)
    return len(days)


class _MeetingWriter:
    def __init__(self, session: Session, rng: random.Random, body_id: uuid.UUID, lang: str, today: date) -> None:
        self.session = session
        self.rng = rng
        self.body_id = body_id
        self.lang = lang
        self.today = today
        self.actions: list[tuple[uuid.UUID, date]] = []
        self.topics = list(_TOPICS)
        rng.shuffle(self.topics)

    def _text(self, pair: tuple[str, str]) -> str:
        return pair[1] if self.lang == "sv" else pair[0]

    def _create(self, day: date, kind: MeetingKind, notice: date | None) -> uuid.UUID:
        return create_meeting(
            self.session,
            MeetingData(
                body_id=self.body_id,
                held_on=day,
                kind=kind,
                starts_at=time(18, 0),
                ends_at=time(20, self.rng.choice((0, 15, 30, 45))),
                place=self.rng.choice(_PLACES[self.lang]),
                online_link="https://meet.example.fi/piirihallitus" if self.rng.random() < 0.5 else None,
                notice_sent_on=notice,
            ),
        )

    def planned(self, day: date, following: date | None) -> None:
        notice = day - timedelta(days=8) if day - timedelta(days=8) <= self.today else None
        meeting_id = self._create(day, MeetingKind.REGULAR, notice)
        self._business(meeting_id, day, decide=False)

    def held(self, day: date, following: date | None, *, constituent: bool, draft: bool) -> None:
        # One meeting was called late: the secretary sees the warning.
        late = self.rng.random() < 0.1
        notice = day - timedelta(days=5 if late else self.rng.randint(7, 12))
        meeting_id = self._create(day, MeetingKind.CONSTITUENT if constituent else MeetingKind.REGULAR, notice)
        name, note = _OMBUDSMAN[self.lang]
        add_attendee(self.session, meeting_id, AttendeeData(name=name, role=AttendeeRole.STAFF, note=note))
        people = attendees(self.session, meeting_id)
        meeting = self.session.get(Meeting, meeting_id)
        self._attendance(people, meeting.first_section if meeting is not None else 1)
        people = attendees(self.session, meeting_id)
        present = [person for person in people if person.status == AttendanceStatus.PRESENT]
        chair = next((person for person in present if person.chairs), None) or present[0]
        secretary = next((person for person in present if person.keeps_minutes), None) or present[-1]
        pool = [
            person
            for person in present
            if person.role in SEAT_ROLES
            and person.id not in (chair.id, secretary.id)
            and person.to_section is None
            and person.from_section is None
        ]
        checkers = [person.id for person in self.rng.sample(pool, k=min(2, len(pool)))]
        set_officers(self.session, meeting_id, chair=chair.id, secretary=secretary.id, checkers=checkers)
        self._business(meeting_id, day, decide=True, people=present, following=following)
        if constituent:
            self._constituent_decisions(meeting_id, day)
        if draft:
            return
        send_to_checkers(self.session, meeting_id, min(day + timedelta(days=2), self.today))
        signed = min(day + timedelta(days=self.rng.randint(4, 9)), self.today)
        mark_signed(self.session, meeting_id, signed, _SIGNED_AT[self.lang])
        # Approved at the next meeting (or on the day it was signed, when that is today).
        approve_minutes(self.session, meeting_id, max(signed, min(following or signed, self.today)))

    def _attendance(self, people: list[AttendeeRecord], first_section: int) -> None:
        seats = [person for person in people if person.role in (AttendeeRole.MEMBER, AttendeeRole.VICE_CHAIR)]
        seats = [person for person in seats if not person.keeps_minutes]
        away = self.rng.sample(seats, k=min(len(seats), self.rng.choice((0, 1, 1, 2, 2, 3))))
        for person in away:
            status = AttendanceStatus.EXCUSED if self.rng.random() < 0.75 else AttendanceStatus.ABSENT
            set_attendance(self.session, person.id, status)
        deputies = [person for person in people if person.role == AttendeeRole.DEPUTY]
        for index, deputy in enumerate(deputies):
            if index >= len(away):
                set_attendance(self.session, deputy.id, AttendanceStatus.EXCUSED)
        adjuncts = [person for person in people if person.role == AttendeeRole.ADJUNCT]
        for adjunct in adjuncts:
            if self.rng.random() < 0.4:
                set_attendance(self.session, adjunct.id, AttendanceStatus.EXCUSED)
        here = [person for person in seats if person not in away]
        if len(here) > 2 and self.rng.random() < 0.35:
            # Someone comes late, from the fifth §; another leaves before the end now and then.
            set_attendance(self.session, here[0].id, AttendanceStatus.PRESENT, from_section=first_section + 4)
            if self.rng.random() < 0.5:
                set_attendance(self.session, here[1].id, AttendanceStatus.PRESENT, to_section=first_section + 9)

    def _business(
        self,
        meeting_id: uuid.UUID,
        day: date,
        *,
        decide: bool,
        people: list[AttendeeRecord] | None = None,
        following: date | None = None,
    ) -> None:
        for _ in range(self.rng.choice((1, 2, 2, 3))):
            topic = self.topics.pop(0)
            self.topics.append(topic)
            recused: tuple[uuid.UUID, ...] = ()
            dissenters: tuple[uuid.UUID, ...] = ()
            voters = [person for person in people or [] if person.role in SEAT_ROLES and not person.chairs]
            if decide and topic.conflict and voters:
                recused = (self.rng.choice(voters).id,)
            if decide and topic.disputed and voters:
                dissenters = tuple(person.id for person in voters[-1:] if person.id not in recused)
            item_id = add_item(
                self.session,
                meeting_id,
                ItemData(
                    self._text(topic.title),
                    background=self._text(topic.background),
                    proposal=self._text(topic.proposal),
                    decision=self._text(topic.decision) if decide else None,
                    recused=recused,
                    dissent=_DISSENT[self.lang] if dissenters else None,
                    dissenters=dissenters,
                ),
            )
            if not decide:
                continue
            for text in topic.actions:
                responsible = self.rng.choice(voters) if voters and self.rng.random() < 0.6 else None
                action_id = add_action(
                    self.session,
                    item_id,
                    ActionData(
                        self._text(text),
                        responsible_id=responsible.member_id if responsible else None,
                        responsible_name=None if responsible else _OMBUDSMAN[self.lang][1].capitalize(),
                        due_on=day + timedelta(days=self.rng.choice((14, 21, 30, 45))),
                    ),
                )
                self.actions.append((action_id, day))
        if not decide:
            return
        items = live_items(self.session, meeting_id)
        decide_as_proposed(self.session, [item.id for item in items])
        for item in live_items(self.session, meeting_id):
            if item.decision:
                continue
            if item.kind == ItemKind.ORDINARY:
                record_decision(self.session, item.id, _NOTED[self.lang])
            elif item.kind == ItemKind.OTHER_MATTERS:
                record_decision(self.session, item.id, _NO_OTHER[self.lang])
            elif item.kind == ItemKind.NEXT_MEETING and following is not None:
                when = f"{following.day}.{following.month}.{following.year}"
                record_decision(self.session, item.id, _NEXT[self.lang].format(date=when))

    def _constituent_decisions(self, meeting_id: uuid.UUID, day: date) -> None:
        held = {record.role: record.member_name for record in positions(self.session, body_id=self.body_id, on=day)}
        vice, secretary = held.get(PositionRole.VICE_CHAIR, "–"), held.get(PositionRole.SECRETARY, "–")
        treasurer = held.get(PositionRole.TREASURER, "–")
        texts = {
            "fi": (
                f"Varapuheenjohtajaksi valittiin {vice}.",
                f"Sihteeriksi valittiin {secretary} ja rahastonhoitajaksi {treasurer}.",
                None,
                "Pankkitilien käyttöoikeudet annettiin puheenjohtajalle ja rahastonhoitajalle.",
                "Työvaliokuntaan valittiin puheenjohtaja, varapuheenjohtaja ja rahastonhoitaja.",
                "Vastuuhenkilöt nimettiin liitteen mukaisesti.",
                "Hyväksyttiin syyskauden kokousaikataulu.",
            ),
            "sv": (
                f"att välja {vice} till vice ordförande",
                f"att välja {secretary} till sekreterare och {treasurer} till kassör",
                None,
                "att ge ordföranden och kassören rätt att använda bankkontona",
                "att välja ordföranden, vice ordföranden och kassören till verkställande utskottet",
                "att utse ansvarspersoner enligt bilagan",
                "att godkänna mötesplanen för hösten",
            ),
        }[self.lang]
        statutory = [item for item in live_items(self.session, meeting_id) if item.kind == ItemKind.STATUTORY]
        for item, text in zip(statutory, texts, strict=False):
            if text and not item.decision:
                record_decision(self.session, item.id, text)

    def close_actions(self, days: list[date]) -> None:
        """Most actions are reported done at one of the next meetings held; some stay open."""
        for action_id, decided_on in self.actions:
            later = [day for day in days if decided_on < day <= self.today]
            if later and self.rng.random() < 0.75:
                set_action_status(self.session, action_id, ActionStatus.DONE, self.rng.choice(later[:2]))
