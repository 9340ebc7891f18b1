"""Name search that an index can answer at city scale (docs/search.md).

A name search finds the names that contain the text. At city scale it is answered
in two parts, each from its own index and each in the order of the results, so that
a page of a common name (王伟: tens of thousands of people) reads a page's worth of
index entries instead of gathering every match and sorting it:

- names that *begin* with the text: a range of the B-tree `person_name_order`
  over (name by code point, id) — `LIKE '王伟%'` read in result order, stopping
  after the rows asked for;
- names that contain it *after their first character* (李小明 for 小明): the GIN
  index `person_name_tail_pairs` over the set of adjacent character pairs of the
  name without its first character (王小明 → {小明}). A name contains 小明 there
  only if those pairs contain every pair of 小明; the index finds those rows and
  `strpos` confirms the exact substring. PostgreSQL's trigram index cannot serve
  the one- and two-character fragments that Chinese names are made of.

The order of both parts, and of a page, is (name by code point, id): on
PostgreSQL `name COLLATE "C"`, whatever the database's collation (a prefix is a
range only in code-point order); on SQLite the default BINARY collation is that
order already. SQLite (the single-machine default) scans with `instr`, which is
fast enough at the demo's scale.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Func, Lookup

# A search finds at most this many people more than a page can count: the count
# stops at SEARCH_COUNT_CAP + 1 ("more than 1,000") and pages end there, so the rows
# after the first SEARCH_COUNT_CAP + 1 in the result order are never shown.
SEARCH_COUNT_CAP = 1000

# Created by migration core 0006 on PostgreSQL (IMMUTABLE, so it may back an index).
PAIRS_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION mz_name_pairs(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}')
  FROM generate_series(1, char_length(t) - 1) AS i
$$
"""
PAIRS_INDEX_SQL = "CREATE INDEX person_name_pairs ON core_person USING gin (mz_name_pairs(name))"
# Migration core 0008 (PostgreSQL): the two indexes of the two parts above. The
# area is carried in the B-tree so that a scoped range is read from the index alone.
NAME_ORDER_INDEX_SQL = (
    'CREATE INDEX person_name_order ON core_person (name COLLATE "C", id) INCLUDE (area_id)'
)
TAIL_PAIRS_INDEX_SQL = (
    "CREATE INDEX person_name_tail_pairs ON core_person USING gin (mz_name_pairs(substr(name, 2)))"
)


class ByCodePoint(Func):
    """A text column compared and ordered by code point: `(name COLLATE "C")` on
    PostgreSQL, the column itself on SQLite (BINARY collation)."""

    template = "%(expressions)s"

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template='(%(expressions)s COLLATE "C")', **extra)


class PairsAfterFirst(Lookup):
    """`name__pairs_after_first="小明"`: the name contains the text (two characters or
    more) after its first character."""

    lookup_name = "pairs_after_first"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"instr(substr({lhs}, 2), {rhs}) > 0", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        tail = f"substr({lhs}, 2)"
        sql = f"mz_name_pairs({tail}) @> mz_name_pairs({rhs}) AND strpos({tail}, {rhs}) > 0"
        return sql, [*lhs_params, *rhs_params, *lhs_params, *rhs_params]
