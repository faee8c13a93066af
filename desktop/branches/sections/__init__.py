"""The parts of a branch's page, one module each: officers, responsible persons, grades, mentors and duties."""
