"""Data files of Kansli: translation catalogs, fonts, artwork and demo vocabularies.

Everything is found through :func:`resource_path`, which works both from a source checkout and from a frozen
(PyInstaller) bundle, so no other module needs to know where the program was installed.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resource_root() -> Path:
    """Return the folder that holds Kansli's data files."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Return the path of one data file, e.g. ``resource_path("fonts", "DejaVuSans.ttf")``."""
    return resource_root().joinpath(*parts)
