"""The annual conference report (piirikokous / årskonferens): the district's period in figures."""
