"""Name search that an index can answer at city scale (docs/search.md).

`name LIKE '%小明%'` cannot use a B-tree, and PostgreSQL's trigram index cannot
help with the one- and two-character fragments that Chinese given names are
made of. So on PostgreSQL a name is indexed by the set of its adjacent character
pairs (王小明 → {王小, 小明}) in a GIN index over `mz_name_pairs(name)`: a name
contains 小明 only if its pairs contain every pair of 小明, and the index finds
those rows; `strpos` then confirms the exact substring. SQLite (the single-machine
default) scans with `instr`, which is fast enough at the demo's scale.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Lookup

# Created by migration core 0006 on PostgreSQL (IMMUTABLE, so it may back an index).
PAIRS_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION mz_name_pairs(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}')
  FROM generate_series(1, char_length(t) - 1) AS i
$$
"""
PAIRS_INDEX_SQL = "CREATE INDEX person_name_pairs ON core_person USING gin (mz_name_pairs(name))"


class PairsContain(Lookup):
    """`name__pairs_contain="小明"`: the name contains the text (two characters or more)."""

    lookup_name = "pairs_contain"

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"instr({lhs}, {rhs}) > 0", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        sql = f"mz_name_pairs({lhs}) @> mz_name_pairs({rhs}) AND strpos({lhs}, {rhs}) > 0"
        return sql, [*lhs_params, *rhs_params, *lhs_params, *rhs_params]
