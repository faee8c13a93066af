"""Kansli's data layer: model, encrypted database, operations, import/export and sync. No Qt here."""
