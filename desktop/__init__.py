"""The PySide6 desktop program and the ``kansli`` command."""
