"""Entry script of the frozen bundle: the same as the ``kansli`` console entry (``desktop.cli.main:main``)."""

from __future__ import annotations

import sys

from desktop.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
