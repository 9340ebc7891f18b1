"""Issue 7, item 8: deployment settings from the environment, on by default
outside demo/debug/test mode; a strict Content-Security-Policy; no caching of
pages, API answers and files with personal data."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

import minzheng
from tests.factories import PersonFactory

SRC = Path(minzheng.__file__).parent
PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({k: getattr(s, k, None) for k in (
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SECURE_PROXY_SSL_HEADER", "CSRF_TRUSTED_ORIGINS")}))
"""


def _production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("MINZHENG_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="minzheng.settings",
        MINZHENG_SECRET_KEY=secrets.token_urlsafe(50),
        MINZHENG_AUDIT_KEY=secrets.token_hex(32),  # required in production (docs/audit.md)
        MINZHENG_ALLOWED_HOSTS="minzheng.example.gov.cn",
        MINZHENG_REDIS_URL="redis://127.0.0.1:6379/0",
        MINZHENG_VAR_DIR=str(tmp_path),
        **extra,
    )
    return env


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    cli = [sys.executable, "-m", "minzheng.cli", "check", "--deploy", "--fail-level", "WARNING"]
    result = _run(cli, _production_env(tmp_path), tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_defaults_and_their_environment_overrides(tmp_path):
    on = json.loads(
        _run([sys.executable, "-c", PRINT_SETTINGS], _production_env(tmp_path), tmp_path).stdout
    )
    assert on["SECURE_SSL_REDIRECT"] and on["SESSION_COOKIE_SECURE"] and on["CSRF_COOKIE_SECURE"]
    assert on["SECURE_HSTS_SECONDS"] == 31_536_000 and on["SECURE_PROXY_SSL_HEADER"] is None
    behind_proxy = _production_env(
        tmp_path,
        MINZHENG_SSL_REDIRECT="0",
        MINZHENG_HSTS_SECONDS="3600",
        MINZHENG_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO=https",
        MINZHENG_CSRF_TRUSTED_ORIGINS="https://minzheng.example.gov.cn",
    )
    off = json.loads(_run([sys.executable, "-c", PRINT_SETTINGS], behind_proxy, tmp_path).stdout)
    assert not off["SECURE_SSL_REDIRECT"] and off["SECURE_HSTS_SECONDS"] == 3600
    assert off["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert off["CSRF_TRUSTED_ORIGINS"] == ["https://minzheng.example.gov.cn"]
    demo = json.loads(
        _run(
            [sys.executable, "-c", PRINT_SETTINGS],
            _production_env(tmp_path, MINZHENG_DEMO="1"),
            tmp_path,
        ).stdout
    )
    assert not demo["SECURE_SSL_REDIRECT"] and demo["SECURE_HSTS_SECONDS"] == 0


INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),  # inline script
    re.compile(r"<style\b", re.I),
    re.compile(r"\sstyle\s*=", re.I),
    re.compile(r"\son[a-z]+\s*=", re.I),  # onclick= and friends
    re.compile(r"\shx-on", re.I),  # htmx evaluates these as script
    re.compile(r"javascript:", re.I),
]


def test_no_template_needs_inline_script_or_style_under_the_strict_policy():
    offenders = [
        f"{path.relative_to(SRC)}: {pattern.pattern}"
        for path in SRC.rglob("templates/**/*.html")
        for pattern in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


@pytest.mark.django_db
def test_pages_api_and_downloads_carry_the_policy_and_are_never_stored(users):
    person = PersonFactory(name="吴刚")
    client = Client()
    client.force_login(users["caseworker"])
    responses = {
        "page": client.get(f"/persons/{person.pk}/"),
        "api": client.get(f"/api/v1/core/persons/{person.pk}"),
        "download": client.get("/persons/export.xlsx", {"q": "吴刚"}),
        "login": Client().get("/login/"),
    }
    for kind, response in responses.items():
        assert response.status_code == 200, kind
        assert "no-store" in response["Cache-Control"], kind
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy, kind
        assert "frame-ancestors 'none'" in policy, kind


def test_static_files_keep_their_cache_lifetime(client):
    response = client.get("/static/core/minzheng.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
