"""The 15-minute elderly-service circle, measured (issue 14 item 3, rule D7.1).

Pure numpy/pyarrow (no Django, no per-pair loop): `grid` is the spatial index, `circle`
the coverage arithmetic, greedy suggestions and rankings, `snapshot` reads a snapshot's
Parquet files with DuckDB. docs/elderly.md describes the model and its assumptions.
"""
