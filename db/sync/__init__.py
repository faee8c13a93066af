"""Sync with the central office by file exchange (DESIGN §5; docs/SYNC.md describes the file for the IT people).

This package so far holds the package file layer, with no database and no Qt: node keys and identities
(:mod:`db.sync.keys`), writing and checking ``.kansli-sync`` files (:mod:`db.sync.package`, built from
:mod:`db.sync.header`, :mod:`db.sync.envelope` and :mod:`db.sync.body`), and why a package is refused
(:mod:`db.sync.errors`). Change capture, merge and the enrolment records build on it.
"""

from db.sync.keys import NodeIdentity, NodeKeys
from db.sync.limits import DEFAULT_LIMITS, PackageLimits
from db.sync.package import (
    FILE_SUFFIX,
    AlreadyApplied,
    AppliedPackage,
    BuiltPackage,
    Package,
    package_hash,
    read_package,
    write_package,
)

__all__ = [
    "DEFAULT_LIMITS",
    "FILE_SUFFIX",
    "AlreadyApplied",
    "AppliedPackage",
    "BuiltPackage",
    "NodeIdentity",
    "NodeKeys",
    "Package",
    "PackageLimits",
    "package_hash",
    "read_package",
    "write_package",
]
