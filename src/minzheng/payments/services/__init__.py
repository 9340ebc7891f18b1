"""Every write of the payments domain: one atomic, audited function per action."""
