"""Sorting scored pairs: links, review, and clusters chaining through a weak link
(D5.3: nobody merged by accident). Pairs and answers written by hand."""

from __future__ import annotations

import pyarrow as pa

from minzheng.matching.pipeline import PAIRS, decide


def _pairs(rows: list[tuple[int, int, float]]) -> pa.Table:
    zero = {f"mw_{n}": 0.0 for n in ("id", "name", "birth", "sex", "address", "phone")}
    return pa.Table.from_pylist(
        [
            {"id_l": a, "id_r": b, "match_weight": 0.0, "match_probability": p, **zero}
            for a, b, p in rows
        ],
        schema=PAIRS,
    )


def test_thresholds_split_links_review_and_nothing():
    d = decide(_pairs([(1, 2, 0.999), (3, 4, 0.7), (5, 6, 0.2)]), automatic=0.99, review=0.5)
    assert d.links == [(1, 2, 0.999)]
    assert d.review == [(3, 4, 0.7)]
    assert d.weak_clusters == []


def test_a_chain_of_strong_links_without_the_closing_pair_goes_to_review():
    # 1–2 and 2–3 are strong, 1–3 was never scored strong: 1 and 3 would be joined only
    # through 2, so all three pairs go to review and nothing links automatically.
    d = decide(_pairs([(1, 2, 0.995), (2, 3, 0.995), (7, 8, 0.999)]), automatic=0.99, review=0.5)
    assert d.weak_clusters == [[1, 2, 3]]
    assert d.links == [(7, 8, 0.999)]
    assert sorted(d.review) == [(1, 2, 0.995), (2, 3, 0.995)]


def test_a_complete_cluster_of_three_links():
    d = decide(_pairs([(1, 2, 0.995), (2, 3, 0.995), (1, 3, 0.999)]), automatic=0.99, review=0.5)
    assert len(d.links) == 3 and d.weak_clusters == []
