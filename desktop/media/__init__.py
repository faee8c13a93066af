"""The Media tab: media items, their calendar and figures, press releases, outlets and their contacts."""
