"""Screening writes: each one authorised, atomic and audited; lifecycles via the engine."""
