"""Funds supervision (阳光监管, D14): findings of the supervision rules, verified on the
ground, rectified through payments (stop, recovery) and closed with evidence (D14.12);
the three supervision platforms (docs/supervision.md)."""
