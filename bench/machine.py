"""How busy the machine was during a benchmark, so a reader can judge its figures.

    with Machine(server_pids=[server.pid]) as machine:
        ...run...
    print(machine.report())

Records the load average before and after, the share of the machine's CPU time that
was busy (all processes, /proc/stat), and the CPU seconds used by the benchmark's
own processes (this one, its finished children such as locust, a web server it
started) and by the PostgreSQL server as a
whole (the postmaster and every backend, including sessions of other users of the
same server: that is contention too). Linux only; elsewhere the figures are absent.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_cpu(pid: int, *, children: bool = False) -> float:
    """CPU seconds of a process (and of its reaped children when asked)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime + ((cutime + cstime) if children else 0)) / TICK


def _postgres_cpu() -> float:
    """CPU seconds of the PostgreSQL server: the postmaster with its reaped backends,
    plus every live backend."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if (entry / "comm").read_text().strip() != "postgres":
                continue
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            parent_comm = Path(f"/proc/{ppid}/comm").read_text().strip() if ppid > 1 else ""
        except OSError:
            continue
        postmaster = parent_comm != "postgres"
        total += _proc_cpu(int(entry.name), children=postmaster)
    return total


def _machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of all cores since boot."""
    try:
        values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except OSError:
        return 0.0, 0.0
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return (sum(values) - idle) / TICK, sum(values) / TICK


@dataclass
class Machine:
    server_pids: list[int] = field(default_factory=list)
    before: dict[str, float] = field(default_factory=dict)
    after: dict[str, float] = field(default_factory=dict)

    def sample(self) -> dict[str, float]:
        busy, total = _machine_busy()
        load1, load5, _ = os.getloadavg()
        return {
            "wall": time.perf_counter(),
            "load1": load1,
            "load5": load5,
            "busy": busy,
            "total": total,
            "self": time.process_time(),
            "children": os.times().children_user + os.times().children_system,
            "server": sum(_proc_cpu(pid, children=True) for pid in self.server_pids),
            "postgres": _postgres_cpu(),
        }

    def __enter__(self) -> Machine:
        self.before = self.sample()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def stop(self) -> None:
        """Sample the end (call it before a server started by the benchmark exits)."""
        if not self.after:
            self.after = self.sample()

    def report(self) -> str:
        b, a = self.before, self.after or self.sample()
        wall = a["wall"] - b["wall"]
        total = a["total"] - b["total"]
        busy = (a["busy"] - b["busy"]) / total * 100 if total else 0.0
        cores = os.cpu_count() or 1
        parts = [
            f"machine: {wall:.0f} s on {cores} cores; load average (1 / 5 min) "
            f"{b['load1']:.2f} / {b['load5']:.2f} before, {a['load1']:.2f} / {a['load5']:.2f} "
            f"after; CPU busy {busy:.0f} % of all cores",
            f"CPU seconds: this process {a['self'] - b['self']:.1f}",
        ]
        if a["children"] > b["children"]:
            children = a["children"] - b["children"]
            parts[-1] += f", its finished child processes (locust) {children:.1f}"
        if self.server_pids:
            parts[-1] += f", web server {a['server'] - b['server']:.1f}"
        postgres = a["postgres"] - b["postgres"]
        parts[-1] += (
            f", PostgreSQL (all sessions, other users' included) {postgres:.1f}"
            f", all processes {a['busy'] - b['busy']:.1f} of {wall * cores:.0f} available"
        )
        return "\n".join(parts)
