"""Members and supporters: people, memberships, contacts, consents, interests."""
