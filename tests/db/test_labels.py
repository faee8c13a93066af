"""Labels stored now and shown later in the reader's language: the Edit menu, the history, the access request."""

from __future__ import annotations

from db.core import i18n
from db.core.changelog import Operation, Origin
from db.core.database import Database
from db.core.i18n import N_, Label, label_text, plural_label, stored_label
from db.core.undo import next_undo, undo_last
from db.members.models import Member


def test_a_label_is_shown_in_the_language_asked_for() -> None:
    stored = Label(N_("Import members from {file}"), file="jäsenet.csv").stored()
    assert label_text(stored, "en") == "Import members from jäsenet.csv"
    for language in ("fi", "sv"):
        translated = i18n.translator(language).gettext("Import members from {file}")
        assert translated != "Import members from {file}"
        assert label_text(stored, language) == translated.format(file="jäsenet.csv")


def test_a_plural_label_counts_in_each_language() -> None:
    one = plural_label("Delete {count} person", "Delete {count} people", 1).stored()
    many = plural_label("Delete {count} person", "Delete {count} people", 1200).stored()
    assert label_text(one, "en") == "Delete 1 person"
    assert label_text(many, "en") == "Delete 1,200 people"
    assert label_text(many, "fi") == i18n.translator("fi").ngettext(
        "Delete {count} person", "Delete {count} people", 1200
    ).format(count=i18n.format_count(1200, "fi"))


def test_a_label_inside_a_label_is_shown_in_the_same_language() -> None:
    inner = Label(N_("Edit member")).stored()
    outer = Label(N_("Undo: {label}"), label=inner).stored()
    finnish = i18n.translator("fi")
    assert label_text(outer, "fi") == finnish.gettext("Undo: {label}").format(label=finnish.gettext("Edit member"))


def test_plain_and_damaged_labels_are_shown_as_they_are() -> None:
    # Labels written before labels were stored this way, and free text, stay as written.
    assert stored_label("Muokkaa jäsentä") == "Muokkaa jäsentä"
    assert label_text("Muokkaa jäsentä", "sv") == "Muokkaa jäsentä"
    damaged = Label(N_("Edit member")).stored()[:-3]
    assert label_text(damaged, "fi")  # something readable, not an exception


def test_what_was_done_in_english_is_undone_in_finnish(database: Database) -> None:
    with i18n.language("en"), database.transaction(Label(N_("Add member"))) as session:
        session.add(Member(first_name="Eino", last_name="Leino"))
    with database.reading() as session:
        stored = session.query(Operation.label).order_by(Operation.id.desc()).limit(1).scalar()
    assert stored is not None and stored != "Add member"  # the message is kept, not its English text
    finnish = i18n.translator("fi").gettext("Add member")
    with i18n.language("fi"):
        with database.reading() as session:
            step = next_undo(session)
        assert step is not None and step.label == finnish
        with database.transaction("", Origin.UNDO) as session:
            undone = undo_last(session)
        assert undone.label == finnish
