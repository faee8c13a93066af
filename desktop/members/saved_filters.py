"""The "Saved filters" button: apply a named filter, save the current one, delete one."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QInputDialog, QMenu, QPushButton, QWidget

from db.core.i18n import N_, Label, _
from db.members.query import MemberFilter
from db.members.saved_filters import delete_saved_filter, list_saved_filters, save_filter
from desktop.shell.context import ShellContext
from desktop.shell.messages import show_error


class SavedFiltersButton(QPushButton):
    """A button with a menu of the saved filters.

    A push button rather than a tool button: its size makes room for the menu arrow, which on a tool button
    covered the end of a long label ("Tallennetut suodattimet").
    """

    filter_chosen = Signal(object)  # MemberFilter

    def __init__(self, context: ShellContext, tab: QWidget) -> None:
        super().__init__(tab)
        self._context = context
        self._tab = tab
        self.menu_widget = QMenu(self)
        self.menu_widget.aboutToShow.connect(self._fill)
        self.setMenu(self.menu_widget)
        self.retranslate()

    def retranslate(self) -> None:
        self.setText(_("Saved filters"))
        self.setToolTip(_("Filters you have named, e.g. “no e-mail”"))

    def _current_filter(self) -> MemberFilter:
        current = getattr(self._tab, "member_filter", MemberFilter())
        return current if isinstance(current, MemberFilter) else MemberFilter()

    def _fill(self) -> None:
        self.menu_widget.clear()
        with self._context.database.reading() as session:
            saved = list_saved_filters(session)
        for item in saved:
            action = self.menu_widget.addAction(item.name)
            action.triggered.connect(lambda _checked=False, f=item.member_filter: self.filter_chosen.emit(f))
        if not saved:
            empty = self.menu_widget.addAction(_("No saved filters yet"))
            empty.setEnabled(False)
        self.menu_widget.addSeparator()
        save_action = self.menu_widget.addAction(_("Save the current filter…"))
        save_action.setEnabled(not self._current_filter().is_empty())
        save_action.triggered.connect(self.save_current)
        if saved:
            delete_menu = self.menu_widget.addMenu(_("Delete a saved filter"))
            for item in saved:
                action = delete_menu.addAction(item.name)
                action.triggered.connect(lambda _checked=False, i=item.id: self._delete(i))

    def save_current(self, name: str | None = None) -> None:
        """Ask for a name and save the filter shown now."""
        if not name:
            name, accepted = QInputDialog.getText(self, _("Save filter"), _("Name of the filter"))
            if not accepted:
                return
        try:
            with self._context.database.transaction(Label(N_("Save filter"))) as session:
                save_filter(session, name, self._current_filter())
        except Exception as error:  # a clear message; nothing saved
            show_error(self, _("Save filter"), error)

    def _delete(self, filter_id: int) -> None:
        with self._context.database.transaction(Label(N_("Delete filter"))) as session:
            delete_saved_filter(session, filter_id)
