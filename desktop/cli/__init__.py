"""The ``kansli`` command: headless subcommands over the same operations as the window. No Qt imported here."""
