"""The Privacy view: the export log, privacy actions, retention rules, access requests, erasure."""
