"""Locust users for bench/bench_load.py: caseworkers and county staff at work.

Each simulated user logs in through the log-in form (with its CSRF token, as a
browser does), then searches people and households, opens details and looks at
the dashboard, with a short think time. The work plan (accounts, search terms,
record ids in each account's area) comes from the JSON file that bench_load.py
writes and names in BENCH_LOAD_PLAN.
"""

from __future__ import annotations

import json
import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text(encoding="utf-8"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Staff(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.account = random.choice(PLAN["accounts"])
        page = self.client.get("/login/", name="log-in")
        token = CSRF.search(page.text)
        self.client.post(
            "/login/",
            {
                "username": self.account["username"],
                "password": PLAN["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="log-in",
        )

    @task(4)
    def search_people(self) -> None:
        self.client.get("/persons/", params={"q": random.choice(PLAN["terms"])}, name="search")

    @task(2)
    def search_households(self) -> None:
        term = random.choice(PLAN["terms"])
        self.client.get("/households/", params={"q": term}, name="search households")

    @task(3)
    def person_detail(self) -> None:
        pk = random.choice(self.account["persons"])
        self.client.get(f"/persons/{pk}/", name="person detail")

    @task(2)
    def household_detail(self) -> None:
        pk = random.choice(self.account["households"])
        self.client.get(f"/households/{pk}/", name="household detail")

    @task(1)
    def dashboard(self) -> None:
        if self.account["dashboard"]:
            self.client.get("/dashboard/", name="dashboard")

    @task(1)
    def person_list(self) -> None:
        self.client.get("/api/v1/core/persons", params={"page": 2}, name="list (API)")
