"""Media work and the member paper in the demo: a year of media items, two publications and their issues.

Made through the media and newsletter operations themselves (a few hundred rows), after the register is committed:
the distribution reads the members' derived rows. The outlets are the region's real newspapers and broadcasters
(public names, example addresses); their contacts and every author are invented or demo members. Issues stand at
every stage relative to the demo's day: distributed, in layout, collecting texts, planned; the branches were asked
for local news, and a few of them never send any, so the Newsletters tab has something to point at.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.branches.models import Body, BodyKind, Branch, BranchStatus, Position
from db.media.items import MediaItemData, create_item
from db.media.models import ItemLanguage, MediaItemKind, MediaItemStatus, OutletKind, OutletLanguage
from db.media.outlets import ContactData, OutletData, add_contact, create_outlet
from db.members.models import Member
from db.newsletters.articles import ArticleData, add_article, set_article_status
from db.newsletters.contributions import ask_branches, record_declined, record_received
from db.newsletters.distribution import mark_labels_printed, publication_distribution
from db.newsletters.issues import IssueData, create_issue, set_issue_status
from db.newsletters.models import (
    ArticleStatus,
    BranchContribution,
    IssueStatus,
    PublicationKind,
    PublicationLanguage,
)
from db.newsletters.publications import PublicationData, create_publication

_OUTLETS = (
    ("Ilkka-Pohjalainen", OutletKind.NEWSPAPER, "Etelä-Pohjanmaa ja Vaasa", OutletLanguage.FI, "ilkka"),
    ("Vasabladet", OutletKind.NEWSPAPER, "Vasa med omnejd", OutletLanguage.SV, "vasabladet"),
    ("Österbottens Tidning", OutletKind.NEWSPAPER, "Jakobstadsregionen", OutletLanguage.SV, "ot"),
    ("Keskipohjanmaa", OutletKind.NEWSPAPER, "Keski-Pohjanmaa", OutletLanguage.FI, "keskipohjanmaa"),
    ("Syd-Österbotten", OutletKind.NEWSPAPER, "Sydösterbotten", OutletLanguage.SV, "sydin"),
    ("Yle Pohjanmaa", OutletKind.RADIO, "Pohjanmaa", OutletLanguage.FI, "yle-pohjanmaa"),
    ("Yle Österbotten", OutletKind.RADIO, "Österbotten", OutletLanguage.SV, "yle-osterbotten"),
    ("Vaasan Ikkuna", OutletKind.WEB, "Vaasa", OutletLanguage.FI, "vaasanikkuna"),
)
_CONTACTS = (
    ("Jenni Laaksonen", "politiikan toimittaja"),
    ("Mikael Forsström", "nyhetschef"),
    ("Sanna Kivelä", "uutispäällikkö"),
    ("Johanna Björkqvist", "reporter"),
    ("Tero Hautamäki", "toimittaja"),
    ("Linda Sjöholm", "redaktör"),
    ("Pekka Ylinen", "päätoimittaja"),
)
_TOPICS = ("Kuntavaalit", "Hyvinvointialue", "Työllisyys", "Vappu", "Koulutus", "Joukkoliikenne", "Jäsenhankinta")
_TITLES = {
    MediaItemKind.PRESS_RELEASE: (
        "Piiri vaatii lähipalveluiden turvaamista",
        "Distriktet kräver trygg närservice",
        "Piirikokous valitsi uuden puheenjohtajan",
        "Vappujuhla torilla – kaikki tervetuloa",
        "Ehdokasasettelu kuntavaaleihin alkaa",
    ),
    MediaItemKind.OP_ED: (
        "Hyvinvointialueen leikkaukset osuvat heikoimpiin",
        "Joukkoliikenne kuuluu myös maaseudulle",
        "Skolan är byns hjärta",
    ),
    MediaItemKind.LETTER_TO_EDITOR: (
        "Kirjastoa ei saa lakkauttaa",
        "Bussturerna behövs",
        "Nuoret tarvitsevat kesätöitä",
    ),
    MediaItemKind.WEBSITE_POST: ("Syksyn koulutukset", "Jäsenkysely avattu", "Kuulumisia osastoista"),
    MediaItemKind.SOCIAL_MEDIA_POST: ("Vaalikoju lauantaina", "Kiitos talkoolaisille!", "Valstugan öppen"),
    MediaItemKind.INTERVIEW: ("Haastattelu: kuntien talous", "Intervju om vården"),
    MediaItemKind.APPEARANCE: ("Vaalipaneeli Yle Pohjanmaalla", "Debatt i Yle Österbotten"),
    MediaItemKind.COVERAGE: ("Piirin kannanotto uutisissa", "Distriktets ordförande citerad", "Vappujuhlasta juttu"),
}
_PER_YEAR = {
    MediaItemKind.PRESS_RELEASE: 18,
    MediaItemKind.OP_ED: 8,
    MediaItemKind.LETTER_TO_EDITOR: 10,
    MediaItemKind.WEBSITE_POST: 20,
    MediaItemKind.SOCIAL_MEDIA_POST: 24,
    MediaItemKind.INTERVIEW: 4,
    MediaItemKind.APPEARANCE: 3,
    MediaItemKind.COVERAGE: 12,
}
_ARTICLE_TITLES = (
    "Puheenjohtajan palsta",
    "Toiminnanjohtajan terveiset",
    "Ordförandens hälsning",
    "Kuntavaaliehdokkaat esittäytyvät",
    "Uudet jäsenet tervetulleiksi",
    "Hyvinvointialueen kuulumiset",
    "Kalenteri: tulevat tapahtumat",
    "Valtuustoryhmän terveiset",
    "Nuorten sivu",
    "Aktuellt från fullmäktige",
)


@dataclass(frozen=True)
class MediaDemoCounts:
    outlets: int
    items: int
    publications: int
    issues: int
    articles: int
    contributions: int


def build_media_demo(session: Session, rng: random.Random, today: date) -> MediaDemoCounts:
    """Add the outlets and a year of media items, the two publications, their issues, articles and branch news."""
    writers = _writers(session)
    outlet_ids = _outlets(session, rng)
    items = _media_items(session, rng, today, outlet_ids, writers)
    publications, issues, articles, contributions = _publications(session, rng, today, writers)
    return MediaDemoCounts(len(outlet_ids), items, publications, issues, articles, contributions)


def _writers(session: Session) -> list[uuid.UUID]:
    """People who write for the district: those holding a position in one of the district's own bodies."""
    rows = session.execute(
        select(Position.member_id)
        .join(Body, Body.id == Position.body_id)
        .join(Member, Member.id == Position.member_id)
        .where(Body.branch_id.is_(None), Position.deleted_at.is_(None), Position.ends_on.is_(None))
        .where(Member.deleted_at.is_(None))
        .order_by(Member.last_name, Member.first_name)
    ).scalars()
    return list(dict.fromkeys(rows))


def _outlets(session: Session, rng: random.Random) -> list[uuid.UUID]:
    outlet_ids = []
    contacts = list(_CONTACTS)
    rng.shuffle(contacts)
    for index, (name, kind, area, language, domain) in enumerate(_OUTLETS):
        outlet_id = create_outlet(
            session,
            OutletData(
                name,
                kind,
                area,
                language,
                email=f"toimitus@{domain}.example.fi"
                if language == OutletLanguage.FI
                else f"redaktion@{domain}.example.fi",
                website=f"https://{domain}.example.fi",
            ),
        )
        outlet_ids.append(outlet_id)
        if index < len(contacts):
            person, role = contacts[index]
            local = person.lower().replace(" ", ".").translate(str.maketrans("äöå", "aoa"))
            add_contact(
                session,
                outlet_id,
                ContactData(
                    person,
                    role,
                    f"{local}@{domain}.example.fi",
                    f"040 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
                ),
            )
    return outlet_ids


def _media_items(
    session: Session, rng: random.Random, today: date, outlet_ids: list[uuid.UUID], writers: list[uuid.UUID]
) -> int:
    """A year back and six weeks ahead: done work in the past, ideas and drafts ahead, a few rejections."""
    count = 0
    newspapers = outlet_ids[:5]
    for kind, per_year in _PER_YEAR.items():
        for _number in range(per_year):
            day = today - timedelta(days=rng.randint(-42, 365))
            title = rng.choice(_TITLES[kind])
            language = (
                ItemLanguage.SV
                if any(
                    word in title
                    for word in ("Skolan", "Buss", "Distrikt", "Valstugan", "Intervju", "Debatt", "citerad")
                )
                else ItemLanguage.FI
            )
            author = rng.choice(writers) if writers and kind != MediaItemKind.COVERAGE else None
            outlets: tuple[uuid.UUID, ...] = ()
            if kind in (MediaItemKind.PRESS_RELEASE,):
                outlets = tuple(rng.sample(outlet_ids, k=min(len(outlet_ids), rng.randint(3, 6))))
            elif kind in (MediaItemKind.OP_ED, MediaItemKind.LETTER_TO_EDITOR, MediaItemKind.COVERAGE):
                outlets = (rng.choice(newspapers),)
            elif kind in (MediaItemKind.INTERVIEW, MediaItemKind.APPEARANCE):
                outlets = (rng.choice(outlet_ids),)
            data = MediaItemData(
                kind=kind,
                title=title,
                author_id=author,
                topic=rng.choice(_TOPICS) if rng.random() < 0.7 else None,
                language=language,
                outlet_ids=outlets,
                body=_body(title, language) if kind in (MediaItemKind.PRESS_RELEASE, MediaItemKind.OP_ED) else "",
            )
            if day > today:
                status = MediaItemStatus.DRAFT if rng.random() < 0.4 else MediaItemStatus.IDEA
                data = replace(data, status=status, planned_on=day)
            else:
                data = _done(rng, data, day)
                if kind == MediaItemKind.PRESS_RELEASE and rng.random() < 0.3:
                    moment = datetime.combine(day, time(rng.choice((5, 7, 9)), 0), UTC)  # 8, 10 or 12 in Finland
                    data = replace(data, embargo_until=moment)
            create_item(session, data, day)
            count += 1
    return count


def _done(rng: random.Random, data: MediaItemData, day: date) -> MediaItemData:
    """An item done on ``day``: most published, some only sent, a few rejected; posts and clippings have a link."""
    if data.kind in (MediaItemKind.COVERAGE, MediaItemKind.WEBSITE_POST, MediaItemKind.SOCIAL_MEDIA_POST):
        link = f"https://example.fi/{rng.randint(1000, 9999)}"
        return replace(data, status=MediaItemStatus.PUBLISHED, published_on=day, link=link)
    draw = rng.random()
    if data.kind in (MediaItemKind.OP_ED, MediaItemKind.LETTER_TO_EDITOR) and draw < 0.2:
        return replace(data, status=MediaItemStatus.REJECTED, sent_on=day)
    if draw < 0.35:
        return replace(data, status=MediaItemStatus.SENT, sent_on=day)
    published = day + timedelta(days=rng.randint(0, 4))
    return replace(data, status=MediaItemStatus.PUBLISHED, sent_on=day, published_on=published)


def _body(title: str, language: ItemLanguage) -> str:
    if language == ItemLanguage.SV:
        return (
            f"{title}. Distriktsstyrelsen behandlade frågan på sitt möte och beslöt att ta ställning.\n\n"
            "Distriktet påminner om att besluten ska fattas utgående från människornas vardag: service nära, "
            "arbete och utkomst för alla.\n\n"
            "Mer information ger distriktets ordförande."
        )
    return (
        f"{title}. Piirihallitus käsitteli asiaa kokouksessaan ja päätti ottaa kantaa.\n\n"
        "Piiri muistuttaa, että päätökset on tehtävä ihmisten arjen ehdoilla: palvelut lähellä, "
        "työtä ja toimeentuloa kaikille.\n\n"
        "Lisätietoja antaa piirin puheenjohtaja."
    )


def _publications(
    session: Session, rng: random.Random, today: date, writers: list[uuid.UUID]
) -> tuple[int, int, int, int]:
    committee = session.execute(
        select(Body.id).where(Body.kind == BodyKind.EDITORIAL_COMMITTEE, Body.branch_id.is_(None)).limit(1)
    ).scalar_one_or_none()
    paper = create_publication(
        session,
        PublicationData(
            name="Piirilehti – Distriktstidningen",
            code="Lehti",
            kind=PublicationKind.PAPER,
            language=PublicationLanguage.BILINGUAL,
            editorial_body_id=committee,
            target_issues=4,
            first_year=today.year - 1,
            extra_copies=150,
        ),
    )
    letter = create_publication(
        session,
        PublicationData(
            name="Jäsenkirje – Medlemsbrev",
            code="Kirje",
            kind=PublicationKind.LETTER,
            language=PublicationLanguage.BILINGUAL,
            target_issues=6,
            first_year=today.year - 1,
            by_post=False,
        ),
    )
    branches = list(
        session.execute(
            select(Branch.id)
            .where(Branch.deleted_at.is_(None), Branch.status == BranchStatus.ACTIVE)
            .order_by(Branch.name)
        ).scalars()
    )
    silent = set(branches[:: max(1, len(branches) // 3)][:3])  # branches that never send local news
    paper_labels = len(publication_distribution(session, paper, today).labels)
    issues = articles = contributions = 0
    months = {paper: (3, 6, 10, 12), letter: (1, 3, 5, 8, 9, 11)}
    for publication_id, publication_months in months.items():
        for year in (today.year - 1, today.year):
            for number, month in enumerate(publication_months, 1):
                out = date(year, month, 15 if month != 12 else 10)
                deadline = out - timedelta(days=28 if publication_id == paper else 10)
                status = _issue_status(today, deadline, out)
                if status is None:
                    continue
                issue_id = create_issue(
                    session,
                    IssueData(
                        publication_id,
                        year,
                        number,
                        theme=rng.choice(_TOPICS) if publication_id == paper else None,
                        copy_deadline=deadline,
                        publication_date=out,
                    ),
                )
                set_issue_status(session, issue_id, status, today)
                issues += 1
                if status == IssueStatus.DISTRIBUTED and publication_id == paper:
                    mark_labels_printed(session, issue_id, paper_labels - rng.randint(0, 40))
                if publication_id == paper:
                    articles += _articles(session, rng, issue_id, status, writers)
                    contributions += _branch_news(session, rng, today, issue_id, status, deadline, branches, silent)
    return 2, issues, articles, contributions


def _issue_status(today: date, deadline: date, out: date) -> IssueStatus | None:
    """Where an issue stands on ``today``; None for one too far ahead to be planned yet."""
    if out <= today:
        return IssueStatus.DISTRIBUTED
    if out - today <= timedelta(days=7):
        return IssueStatus.PRINTING
    if deadline <= today:
        return IssueStatus.LAYOUT if out - today <= timedelta(days=16) else IssueStatus.EDITING
    if deadline - today <= timedelta(days=35):
        return IssueStatus.COLLECTING
    if deadline - today <= timedelta(days=120):
        return IssueStatus.PLANNING
    return None


_ARTICLE_STATUS_BY_ISSUE = {
    IssueStatus.PLANNING: ArticleStatus.COMMISSIONED,
    IssueStatus.COLLECTING: ArticleStatus.RECEIVED,
    IssueStatus.EDITING: ArticleStatus.EDITED,
    IssueStatus.LAYOUT: ArticleStatus.PLACED,
    IssueStatus.PRINTING: ArticleStatus.PLACED,
    IssueStatus.DISTRIBUTED: ArticleStatus.PLACED,
}


def _articles(
    session: Session, rng: random.Random, issue_id: uuid.UUID, status: IssueStatus, writers: list[uuid.UUID]
) -> int:
    titles = rng.sample(_ARTICLE_TITLES, k=rng.randint(5, 8))
    furthest = _ARTICLE_STATUS_BY_ISSUE[status]
    order = list(ArticleStatus)
    for page, title in enumerate(titles, 2):
        author = rng.choice(writers) if writers and rng.random() < 0.8 else None
        article_id = add_article(
            session,
            ArticleData(
                issue_id,
                title,
                author_id=author,
                author_name=None if author else "Toimitus",
                length=rng.randrange(1500, 6000, 100),
            ),
        )
        # Articles lag behind their issue a little: not every text is in when the issue moves on.
        reached = order[max(0, order.index(furthest) - (1 if rng.random() < 0.25 else 0))]
        if reached != ArticleStatus.COMMISSIONED:
            set_article_status(session, article_id, reached, page=page if reached == ArticleStatus.PLACED else None)
    return len(titles)


def _branch_news(
    session: Session,
    rng: random.Random,
    today: date,
    issue_id: uuid.UUID,
    status: IssueStatus,
    deadline: date,
    branches: list[uuid.UUID],
    silent: set[uuid.UUID],
) -> int:
    if status == IssueStatus.PLANNING:
        return 0
    asked_on = min(deadline - timedelta(days=30), today)
    asked = ask_branches(session, issue_id, asked_on, branches)
    collecting = status == IssueStatus.COLLECTING
    rows = session.execute(select(BranchContribution).where(BranchContribution.issue_id == issue_id)).scalars().all()
    for row in rows:
        if row.branch_id in silent:
            continue
        draw = rng.random()
        if draw < (0.3 if collecting else 0.5):
            received = min(asked_on + timedelta(days=rng.randint(3, 28)), today)
            what = rng.choice(
                (
                    "Kevätkokouksen kuulumiset",
                    "Kuva ja juttu kesäjuhlasta",
                    "Nytt från föreningen",
                    "Osaston 100-vuotisjuhla",
                )
            )
            record_received(session, row.id, what, received, length=rng.randrange(800, 2500, 100))
        elif draw < (0.4 if collecting else 0.65):
            record_declined(session, row.id, min(asked_on + timedelta(days=rng.randint(3, 20)), today))
    return asked
