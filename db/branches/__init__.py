"""Branches, bodies and positions of trust."""
