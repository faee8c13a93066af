"""Recognitions: the numbered register of diplomas, suggestions, and printing the diplomas."""
