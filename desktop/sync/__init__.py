"""The Sync view: exchanging packages with the party office by file, its history, and the conflicts to review."""
