"""The district's facts for its register description (rekisteriseloste / registerbeskrivning).

The program knows what it stores and why; only the district knows where it is and who answers for the register.
Those facts are kept as one setting of the database (:mod:`db.core.settings`), so they travel with backups.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from sqlalchemy.orm import Session

from db.core.settings import read_setting, write_setting

SETTING_KEY = "privacy.register_description"


@dataclass(frozen=True)
class RegisterSettings:
    """What the district fills in for its register description; empty until it does.

    Attributes:
        address: the district office's postal address (the controller's address).
        contact_person: who answers questions about the register (often the district's executive director).
        email: where people send their questions and requests.
        phone: a phone number for the same, if the district wants one printed.
        data_protection_officer: the party's data protection officer or contact, if it has one.
        additional_information: anything the district wants to add, printed at the end.
    """

    address: str = ""
    contact_person: str = ""
    email: str = ""
    phone: str = ""
    data_protection_officer: str = ""
    additional_information: str = ""

    def missing(self) -> list[str]:
        """The names of the fields a register description needs and the district has not filled in yet."""
        return [name for name in ("address", "contact_person", "email") if not getattr(self, name).strip()]


def read_register_settings(session: Session) -> RegisterSettings:
    """Return the district's register settings (the defaults when it never saved any)."""
    stored = read_setting(session, SETTING_KEY, {})
    if not isinstance(stored, dict):
        return RegisterSettings()
    known = {field.name for field in fields(RegisterSettings)}
    # Keys a newer version wrote, or a value of the wrong type, are ignored rather than failing the whole form.
    return RegisterSettings(**{key: value for key, value in stored.items() if key in known and isinstance(value, str)})


def write_register_settings(session: Session, settings: RegisterSettings) -> None:
    """Store the district's register settings, each value without surrounding spaces."""
    write_setting(session, SETTING_KEY, {key: value.strip() for key, value in asdict(settings).items()})
