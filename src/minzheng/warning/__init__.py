"""Early warning (预警): findings of the analytic rules become leads that caseworkers
verify by phone or home visit and close with an outcome (D5.3)."""
