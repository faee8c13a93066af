"""Board meetings: agendas, attendance and quorum, § items and decisions, action items, minutes and their workflow."""
