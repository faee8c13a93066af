"""``python -m desktop`` runs the ``kansli`` command."""

import sys

from desktop.cli.main import main

sys.exit(main())
