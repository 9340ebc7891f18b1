"""EM training on a small labelled set: the synthetic city's duplicate set for 3,000
residents (labels are who each record describes, set by the generator, never by the
matcher). The model learns from the records alone; the labels only judge it."""

from __future__ import annotations

import collections
import datetime as dt
import json

import pytest

from minzheng.matching import params, pipeline
from minzheng.matching.features import features
from minzheng.synth.duplicates import labelled_set


@pytest.fixture(scope="module")
def trained_and_scored():
    labelled = labelled_set(seed=7, residents=3000)
    table = features(labelled.drop_columns(["person_id"]))
    trained = pipeline.train(table, max_pairs=2e5, threads=1)
    pairs = pipeline.score(table, trained, threshold=0.5, threads=1)
    label = dict(
        zip(
            labelled.column("record_id").to_pylist(),
            labelled.column("person_id").to_pylist(),
            strict=True,
        )
    )
    return trained, pairs, label


def _level(trained, comparison, label):
    (c,) = [c for c in trained["comparisons"] if c["output_column_name"] == comparison]
    (found,) = [lv for lv in c["comparison_levels"] if lv["label_for_charts"] == label]
    return found["m_probability"], found["u_probability"]


def test_em_learns_that_agreement_on_the_id_number_is_strong_evidence(trained_and_scored):
    trained, _, _ = trained_and_scored
    m, u = _level(trained, "id", "相同")
    assert m > 0.5 and u < 1e-3
    m_name, u_name = _level(trained, "name", "相同")
    assert m_name > 0.5 and u_name < 0.01
    # two random records of a few thousand are rarely the same person
    assert 1e-6 < trained["probability_two_random_records_match"] < 1e-2


def test_trained_model_finds_the_labelled_duplicates(trained_and_scored):
    _, pairs, label = trained_and_scored
    decision = pipeline.decide(pairs, automatic=0.99, review=0.5)
    true_pairs = sum(n * (n - 1) // 2 for n in collections.Counter(label.values()).values())
    correct = sum(label[a] == label[b] for a, b, _ in decision.links)
    assert correct / len(decision.links) >= 0.97  # precision
    assert correct / true_pairs >= 0.95  # recall


def test_versions_are_numbered_and_dated(tmp_path, trained_and_scored):
    trained, _, _ = trained_and_scored
    first = params.save(trained, day=dt.date(2026, 12, 1), folder=tmp_path)
    second = params.save(trained, day=dt.date(2026, 12, 2), folder=tmp_path)
    assert [first.name, second.name] == [
        "identity-1-2026-12-01.json",
        "identity-2-2026-12-02.json",
    ]
    version, loaded = params.latest(tmp_path)
    assert version == "2-2026-12-02"
    assert loaded == json.loads(json.dumps(trained))


def test_the_shipped_model_loads():
    version, trained = params.latest()
    assert version.split("-", 1)[0].isdigit()
    assert {c["output_column_name"] for c in trained["comparisons"]} == set(
        pipeline.COMPARISON_NAMES
    )
