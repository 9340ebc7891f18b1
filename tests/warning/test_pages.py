"""The warning pages in words: Beijing times, rule titles not codes, no command lines."""

from __future__ import annotations

import pytest
from django.test import Client

from minzheng.warning import selectors

pytestmark = pytest.mark.django_db

RUN = {
    "run_id": "2026-11-a1b2c3",
    "period": "2026-11",
    "engine": "duckdb",
    "started_at": "2026-12-02T07:19:28+00:00",
    "seconds": 3.2,
    "findings": 4,
    "rules": [{"id": "W001", "title_zh": "死亡人员仍在保", "findings": 4, "seconds": 0.4}],
    "inputs": {"persons": {"rows": 300, "files": 1}, "deaths": {"rows": 2, "files": 1}},
}


@pytest.fixture
def township(users):
    client = Client()
    client.force_login(users["township"])
    return client


def test_the_run_page_shows_beijing_time_and_titles(township, monkeypatch):
    monkeypatch.setattr(selectors, "run_history", lambda: [RUN])
    page = township.get("/warning/runs/").content.decode()
    assert "2026-12-02 15:19:28（北京时间）" in page
    assert "T07:19" not in page and "+00:00" not in page
    assert "死亡人员仍在保" in page and ">W001<" not in page
    assert "人员登记：300 行" in page and "单机比对（DuckDB）" in page


def test_an_empty_run_page_gives_no_command_line(township, monkeypatch):
    monkeypatch.setattr(selectors, "run_history", lambda: [])
    page = township.get("/warning/runs/").content.decode()
    assert "warning_run" not in page and "<code>" not in page
    assert "每晚定时自动运行" in page
