"""Identity resolution without Django (issue 16, rules D0.1 and D5.3): which records
of the registry, a departmental feed, an imported roll or a new registration describe
the same person. Normalisation for Chinese records (`normalize`), the compared
columns (`features`), the Fellegi–Sunter model in Splink on DuckDB (`model`,
`pipeline`) and its versioned parameters (`params`). See docs/identity.md."""
