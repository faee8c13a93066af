"""Privacy: the export log, access requests, erasure, retention rules, the register description."""
