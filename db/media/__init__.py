"""Media work: outlets and their contacts, media items, figures and the calendar, press releases."""
