"""The batch half of Minzheng: departmental feeds, warning rules, runs. No Django.

Feeds from partner departments (D5.2) are validated into Parquet; rules are
SQL files with YAML cases, run in process on DuckDB or, translated by sqlglot,
on Apache Spark; a run publishes its findings atomically for the web
application to turn into leads. This package must not import Django (a test
enforces it) so that it runs unchanged in a Spark job or a bare cron job.
"""
