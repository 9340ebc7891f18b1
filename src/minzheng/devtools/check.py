"""`./dev test`: lint, type-check, check app dependencies, then the test suite on SQLite
and — when a server answers — on PostgreSQL.

Without PostgreSQL the second pass is skipped with a message saying how to enable
it; under CI (any truthy `CI`, see `devtools.ci`) a missing PostgreSQL is a failure,
never a silent skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import urlparse

from minzheng.devtools.ci import under_ci

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"
PURE_SUITES = ["tests/analytics", "tests/synth"]  # no database: run once, on the SQLite pass


def _run(title: str, cmd: list[str], env: dict[str, str] | None = None) -> bool:
    print(f"\n==> {title}: {' '.join(cmd)}", flush=True)
    started = time.monotonic()
    code = subprocess.call(cmd, cwd=ROOT, env={**os.environ, **(env or {})})
    print(
        f"<== {title}: {'OK' if code == 0 else f'FAILED ({code})'} "
        f"in {time.monotonic() - started:.0f}s",
        flush=True,
    )
    return code == 0


def _reachable(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), 2):
            return True
    except OSError:
        return False


@dataclass
class _Pass:
    title: str
    proc: subprocess.Popen[bytes]
    out: IO[str] | None  # None: the output goes straight to this terminal
    log: Path | None
    started: float


def _start(title: str, cmd: list[str], env: dict[str, str], log: Path | None) -> _Pass:
    where = f"output in {log}, printed when it ends" if log else "output below"
    print(f"\n==> {title} (started; {where}): {' '.join(cmd)}", flush=True)
    out = log.open("w", encoding="utf-8") if log else None
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=out,
        stderr=subprocess.STDOUT if out else None,
    )
    return _Pass(title, proc, out, log, time.monotonic())


def _finish(run: _Pass) -> bool:
    code = run.proc.wait()
    elapsed = time.monotonic() - run.started
    if run.out and run.log:
        run.out.close()
        print(f"\n==> {run.title}: output", flush=True)
        sys.stdout.write(run.log.read_text(encoding="utf-8", errors="replace"))
    verdict = "OK" if code == 0 else f"FAILED ({code})"
    print(f"<== {run.title}: {verdict} in {elapsed:.0f}s", flush=True)
    return code == 0


def main(pytest_args: list[str]) -> int:
    ok = True
    if not pytest_args:
        ok &= _run("ruff", [str(BIN / "ruff"), "check", "src", "tests", "bench"])
        ok &= _run(
            "ruff format", [str(BIN / "ruff"), "format", "--check", "src", "tests", "bench"]
        )
        ok &= _run("mypy", [str(BIN / "mypy"), "src"], {"MINZHENG_TESTING": "1"})
        ok &= _run("tach", [str(BIN / "tach"), "check"])
    pytest = [str(BIN / "python"), "-m", "pytest", *pytest_args]
    # The two passes run at the same time, one process each (2 cores: the suite's time is
    # about the longer pass, not the sum). Each has its own var directory and temporary
    # directory, so that no file of one is seen by the other; the output of each is
    # SQLite pass comes straight to the terminal, the PostgreSQL pass's is kept in a log
    # and printed whole when it has finished.
    work = Path(tempfile.mkdtemp(prefix="minzheng-check-"))
    passes = []

    def own(name: str) -> tuple[list[str], dict[str, str]]:
        """A pass's own pytest temporary directory, var directory and TMPDIR."""
        (work / name / "var").mkdir(parents=True)
        basetemp = [f"--basetemp={work / name / 'pytest'}"]
        if any(a.startswith("--basetemp") for a in pytest_args):
            basetemp = []
        return basetemp, {"MINZHENG_VAR_DIR": str(work / name / "var"), "TMPDIR": str(work / name)}

    args, env = own("sqlite")
    passes.append(
        _start(
            "pytest (SQLite)",
            [*pytest, *args],
            {"MINZHENG_DATABASE_URL": "", **env},
            None,
        )
    )
    pg_url = os.environ.get("MINZHENG_TEST_POSTGRES_URL", DEFAULT_PG)
    if _reachable(pg_url):
        ignore = [f"--ignore={p}" for p in PURE_SUITES]
        args, env = own("postgresql")
        passes.append(
            _start(
                "pytest (PostgreSQL)",
                [*pytest, *ignore, "-m", "not spark", *args],
                {"MINZHENG_DATABASE_URL": pg_url, **env},
                work / "postgresql.log",
            )
        )
    elif under_ci():
        print(f"PostgreSQL 未响应（{pg_url}）：CI 必须在 PostgreSQL 上运行测试", flush=True)
        ok = False
    else:
        print(
            f"\n跳过 PostgreSQL 测试：{pg_url} 未响应。启用方法：启动 PostgreSQL，"
            "或设置 MINZHENG_TEST_POSTGRES_URL=postgresql://用户@主机:端口/库名",
            flush=True,
        )
    for run in passes:
        ok &= _finish(run)
    if ok:
        shutil.rmtree(work, ignore_errors=True)
    print("\n全部检查通过" if ok else "\n检查未通过", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
