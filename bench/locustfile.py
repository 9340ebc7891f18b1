"""Locust users for bench/bench_load.py: caseworkers and county staff at work.

Each simulated user logs in through the log-in form (with its CSRF token, as a
browser does), then searches people and households, opens details and looks at
the dashboard, with a short think time. The work plan (accounts, search terms,
record ids in each account's area) comes from the JSON file that bench_load.py
writes and names in BENCH_LOAD_PLAN.

Log-ins are measured apart from the pages: 50 password hashes at once are the cost
of the first minute of a working day, not of each page. Each user logs in as it
starts; when the last one has logged in, the page statistics are reset (so pages
are measured with every user at work and no hashing going on) and the log-in times
are written to the file named in BENCH_LOAD_LOGINS.
"""

from __future__ import annotations

import json
import os
import random
import re
import time
from pathlib import Path

from locust import HttpUser, between, events, task

PLAN = json.loads(Path(os.environ["BENCH_LOAD_PLAN"]).read_text(encoding="utf-8"))
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
USERS = int(os.environ.get("BENCH_LOAD_USERS", "0"))
LOGINS: list[float] = []  # ms, each log-in's form and post together
LOGGED_IN = [0]
PORTS = os.environ.get("BENCH_LOAD_PORTS", "").split(",")
STARTED = [0]  # users started, to spread them over the server processes
ALL_IN_AT = [0.0]  # time.time() when the last user had logged in


@events.test_stop.add_listener
def _write_logins(**_: object) -> None:
    target = os.environ.get("BENCH_LOAD_LOGINS")
    if target:
        Path(target).write_text(json.dumps({"logins": LOGINS, "all_in_at": ALL_IN_AT[0]}))


class Staff(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.account = random.choice(PLAN["accounts"])
        if len(PORTS) > 1:  # several server processes: this user stays with one
            self.client.base_url = f"http://127.0.0.1:{PORTS[STARTED[0] % len(PORTS)]}"
            STARTED[0] += 1
        started = time.perf_counter()
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
        LOGINS.append((time.perf_counter() - started) * 1000)
        LOGGED_IN[0] += 1
        if LOGGED_IN[0] == USERS:  # every user at work: measure the pages from now on
            self.environment.runner.stats.reset_all()
            ALL_IN_AT[0] = time.time()

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
