"""The register description (rekisteriseloste / registerbeskrivning): what the district tells people about its register.

GDPR Articles 13 and 14 oblige the district to tell members what it does with their data, and Article 30 to keep a
record of its processing; Nordic parties publish both as one "register description". The program writes the parts
it knows for certain (the data it stores, how it protects it, the retention rules in force) and takes the rest
(the address, who answers questions) from the district's settings, so the text stays true when the rules change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from db.core.district import Country
from db.core.i18n import N_, format_day
from db.privacy.register import RegisterSettings
from db.privacy.retention import RetentionRules
from reports.common import SANS_BOLD, build_document, gettext_for, styles

CONTROLLER = N_("Controller")
REGISTER_NAME = N_("Name of the register")
PURPOSES = N_("Purposes and legal basis of the processing")
CATEGORIES = N_("Personal data in the register")
SPECIAL_CATEGORY = N_("Special category data")
SOURCES = N_("Where the data comes from")
RECIPIENTS = N_("Who receives the data")
TRANSFERS = N_("Transfers outside the EU and the EEA")
RETENTION = N_("How long the data is kept")
RIGHTS = N_("Your rights and how to use them")
SECURITY = N_("How the data is protected")
ADDITIONAL = N_("Additional information")

SECTION_HEADINGS = (
    CONTROLLER,
    REGISTER_NAME,
    PURPOSES,
    CATEGORIES,
    SPECIAL_CATEGORY,
    SOURCES,
    RECIPIENTS,
    TRANSFERS,
    RETENTION,
    RIGHTS,
    SECURITY,
)
"""The headings every register description has, in order (English source texts)."""

Block = str | list[str]
"""A paragraph, or a list of items printed as bullets."""

_BLANK = "_" * 36  # a line to fill in by hand where the district has not given a value

_SUPERVISORY_AUTHORITIES = {
    Country.FI: N_("the Office of the Data Protection Ombudsman in Finland (tietosuoja.fi)"),
    Country.SE: N_("the Swedish Authority for Privacy Protection, IMY (imy.se)"),
}


@dataclass(frozen=True)
class RegisterDescription:
    """Everything the register description prints.

    Attributes:
        district: the district's name (the controller).
        country: where the district is, which names the supervisory authority.
        settings: what the district filled in (address, contact person …).
        retention: the retention rules in force.
        made_on: the date printed as the description's date.
        language: fi, sv or en.
    """

    district: str
    country: Country
    settings: RegisterSettings
    retention: RetentionRules
    made_on: date
    language: str


def build_register_description(description: RegisterDescription) -> bytes:
    """Return the register description as PDF bytes, in ``description.language``."""
    _ = gettext_for(description.language)
    style = styles()
    heading = style.heading.clone("register-heading", keepWithNext=1)
    body = style.body.clone("register-body", spaceAfter=1.5 * mm)
    bullet = style.body.clone("register-bullet", leftIndent=5 * mm, bulletIndent=1 * mm, spaceAfter=0.5 * mm)
    story: list[object] = [
        Paragraph(escape(_("Register description")), style.title),
        Paragraph(
            escape(
                _(
                    "Information on the processing of personal data "
                    "(EU General Data Protection Regulation, Articles 13, 14 and 30)"
                )
            ),
            style.body,
        ),
        Paragraph(
            escape(_("Date: {date}").format(date=format_day(description.made_on, description.language, "long"))),
            style.small,
        ),
        Spacer(1, 3 * mm),
    ]

    def section(title: str, *blocks: Block) -> None:
        story.append(Paragraph(escape(_(title)), heading))
        for block in blocks:
            if isinstance(block, str):
                story.append(Paragraph(escape(block), body))
            else:
                story.extend(Paragraph(escape(item), bullet, bulletText="•") for item in block)
                story.append(Spacer(1, 1 * mm))

    story.append(Paragraph(escape(_(CONTROLLER)), heading))
    story.append(_controller_table(description, _))
    section(REGISTER_NAME, _("Member register of {district}").format(district=description.district))
    section(PURPOSES, *_purposes(_))
    section(CATEGORIES, *_categories(_))
    section(SPECIAL_CATEGORY, *_special_category(_))
    section(
        SOURCES,
        _(
            "The party's central office, which keeps the party's member register and sends the district the data "
            "of its members in encrypted files; the members and supporters themselves (membership forms, changes "
            "they tell us, calls and meetings); and the district's branches and their officers."
        ),
    )
    section(
        RECIPIENTS,
        _(
            "The party's central office, which keeps the party's member register: changes are exchanged with it "
            "in encrypted, signed files."
        ),
        _(
            "Nobody else. The data is not sold, lent or disclosed outside the party. Lists printed or exported "
            "for the party's own officers and volunteers (for example for calling members) are recorded in the "
            "district's export log: what, when, for whom and how many people."
        ),
    )
    section(
        TRANSFERS,
        _("None. The data is kept in the EU and the EEA and is not transferred to any country outside them."),
    )
    section(RETENTION, *_retention(description.retention, _))
    section(RIGHTS, *_rights(description, _))
    section(SECURITY, *_security(_))
    if description.settings.additional_information.strip():
        section(ADDITIONAL, description.settings.additional_information.strip())
    footer = _("{district}: register description, {date}").format(
        district=description.district, date=format_day(description.made_on, description.language)
    )
    return build_document(story, title=_("Register description"), language=description.language, footer=footer)


def _controller_table(description: RegisterDescription, _: Callable[[str], str]) -> Table:
    settings = description.settings
    rows = [
        (_("Controller"), description.district),
        (_("Address"), settings.address),
        (_("Contact person"), settings.contact_person),
        (_("E-mail"), settings.email),
    ]
    if settings.phone.strip():
        rows.append((_("Phone"), settings.phone))
    if settings.data_protection_officer.strip():
        rows.append((_("Data protection officer"), settings.data_protection_officer))
    style = styles()
    table = Table(
        [
            [Paragraph(escape(label), style.body), Paragraph(escape(value.strip() or _BLANK), style.body)]
            for label, value in rows
        ],
        colWidths=[45 * mm, 120 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (0, -1), SANS_BOLD),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _purposes(_: Callable[[str], str]) -> list[Block]:
    return [
        _(
            "The data is used for the activities of the party and its branches: keeping the member register "
            "(memberships, branches, joining and leaving), contacting members and supporters (calling, e-mail "
            "news, text messages), inviting them to meetings and recording positions of trust, sending the "
            "member paper, finding volunteers by their interests, and the district's own statistics."
        ),
        _(
            "Legal basis: membership of the party and the party's legitimate activities (GDPR Article 6(1)(b) "
            "and (f), and Article 9(2)(d) for political opinion). Consent (Article 6(1)(a)) is asked for where "
            "the law requires it, for example for news by e-mail, for publishing photos, and for keeping the data "
            "after the membership has ended."
        ),
    ]


def _categories(_: Callable[[str], str]) -> list[Block]:
    return [
        _("About each member and supporter, only what the district's work needs:"),
        [
            _(
                "name, member number, year of birth (not the date of birth nor a personal identity number) "
                "and language;"
            ),
            _("postal address, phone numbers and e-mail addresses, and whether they may be used;"),
            _("memberships: branch, member or supporter, when they joined, when and why the membership ended;"),
            _("positions of trust: body, role and term;"),
            _("consents and their withdrawal: what for, when, how, and who recorded them;"),
            _("interests in volunteering, household and the member who recruited them, and notes;"),
            _(
                "calls made to them in the district's calling campaigns: when, by which volunteer, the outcome, "
                "their answers and notes, and tasks the call left for the district office;"
            ),
            _(
                "meetings of the bodies they belong to: attendance, conflicts of interest and dissenting opinions, "
                "decisions and action items that name them;"
            ),
            _("articles, opinion pieces and press releases they wrote, and recognitions and diplomas given to them;"),
            _(
                "a log of changes to the data (what changed and when) and of the exports and printouts that "
                "included the person."
            ),
        ],
        _("About other people the district works with, only their contact details:"),
        [
            _("journalists and editors of the media: name, role, outlet, e-mail and phone;"),
            _("volunteer callers who are not members: name and phone."),
        ],
    ]


def _special_category(_: Callable[[str], str]) -> list[Block]:
    return [
        _(
            "Membership of a political party reveals a person's political opinion, which is special category data "
            "(GDPR Article 9). The party processes it in the course of its legitimate activities, only about its "
            "members, former members and people in regular contact with it for its purposes, and does not "
            "disclose it outside the party without the person's consent (Article 9(2)(d))."
        ),
        _("No other special category data (such as health data) is kept in the register."),
    ]


def _retention(rules: RetentionRules, _: Callable[[str], str]) -> list[Block]:
    return [
        _("The data is kept while the person is a member or supporter. After the membership has ended it is erased:"),
        [
            _("{months} months after a resignation or expulsion;").format(months=rules.resigned_months),
            _("{months} months after a membership lapsed for unpaid fees;").format(months=rules.lapsed_months),
            _("{months} months after a move to another district;").format(months=rules.moved_months),
            _("{months} months after the person's death.").format(months=rules.deceased_months),
        ],
        _(
            "Data is kept longer only if the person has agreed to be kept in the archive. Of people who held "
            "positions of trust, the name and the positions are kept for the party's history. A person's data is "
            "erased earlier if they ask for it and no law requires keeping it; the numbers in the district's "
            "statistics stay, without names."
        ),
        _(
            "The minutes of the bodies' meetings are the association's records and are kept as they were signed, "
            "with the names of those elected and the decisions in their text."
        ),
        _(
            "Backups of the register are encrypted, and old ones are deleted in turn, so erased data also "
            "disappears from the backups over time."
        ),
    ]


def _rights(description: RegisterDescription, _: Callable[[str], str]) -> list[Block]:
    contact = description.settings.email.strip() or description.settings.address.strip()
    where = (
        _("Send your request to {contact}.").format(contact=contact)
        if contact
        else _("Send your request to the contact person named above.")
    )
    authority = _(_SUPERVISORY_AUTHORITIES.get(description.country, _SUPERVISORY_AUTHORITIES[Country.FI]))
    return [
        _(
            "You have the right to know what data we hold about you and to get a copy of it (Article 15), to have "
            "wrong data corrected (Article 16), to have your data erased (Article 17), to restrict or object to "
            "its processing (Articles 18 and 21), to get your data in a machine-readable form (Article 20), and "
            "to withdraw a consent at any time without affecting what was done before."
        ),
        where
        + " "
        + _(
            "We answer within one month. We may ask you to show who you are, so that nobody else gets your data. "
            "Using your rights costs nothing."
        ),
        _("If you think your data is processed unlawfully, you can complain to {authority}.").format(
            authority=authority
        ),
    ]


def _security(_: Callable[[str], str]) -> list[Block]:
    return [
        _(
            "The register is kept in an encrypted database on the district office's computer (SQLCipher, AES-256). "
            "The key is kept in the computer's protected keyring, and a recovery key on paper is locked away "
            "apart from the computer. Without the key the data cannot be read; there is no unencrypted copy."
        ),
        _(
            "Backups are encrypted with the same key. Files exchanged with the party's central office are "
            "encrypted and signed. Only the district office's staff use the register; every export and printout "
            "is recorded, and printouts say for whom they were made and are destroyed when no longer needed."
        ),
    ]
