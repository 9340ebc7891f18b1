"""Assistance actions: each one authorised, atomic, audited; state changes via the engine."""
