"""Shared machinery of the data layer: engine, base classes, change log, keys, clock, locale."""
