"""The Board meetings tab: meetings, their agendas and minutes, attendance, action items and the decision register."""
