"""Error workbooks kept on the server for a day, each readable only by its uploader.

They hold the uploaded personal data, so they live under the private VAR_DIR (never
a public media folder), in a folder per user, named by a random token; a request
for another user's token, an expired one or a malformed one finds nothing.
"""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

from django.conf import settings

KEEP_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _folder(user_id: int) -> Path:
    return Path(settings.VAR_DIR) / "import-errors" / str(int(user_id))


def _sweep(root: Path) -> None:
    """Drop files past their day; run on each save, so no scheduler is needed."""
    cutoff = time.time() - KEEP_SECONDS
    for path in root.glob("*/*.xlsx"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)


def error_file_save(*, user_id: int, content: bytes) -> str:
    folder = _folder(user_id)
    folder.mkdir(parents=True, exist_ok=True)
    _sweep(folder.parent)
    token = secrets.token_urlsafe(18)
    (folder / f"{token}.xlsx").write_bytes(content)
    return token


def error_file_load(*, user_id: int, token: str) -> bytes | None:
    if not _TOKEN.match(token):
        return None
    path = _folder(user_id) / f"{token}.xlsx"
    if not path.is_file() or path.stat().st_mtime < time.time() - KEEP_SECONDS:
        return None
    return path.read_bytes()
