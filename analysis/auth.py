"""Optional sign-in for shared installations (a training institute with one server).

Without a users file the app is single-user (the normal local case). With
``GESPREKSCOACH_USERS`` pointing at a TOML file of coaches and password hashes, the app asks
for a sign-in and every coach sees only their own sessions::

    [users.anouk]
    name = "Anouk de Vries"
    password_hash = "pbkdf2_sha256$600000$...$..."

Make a hash with ``python -m analysis hash-password``. Passwords are never stored, only
salted PBKDF2-SHA256 hashes, compared in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.errors import AnalysisError

USERS_ENV = "GESPREKSCOACH_USERS"
ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000


class AuthError(AnalysisError):
    """The users file is missing or invalid."""


@dataclass(frozen=True, slots=True)
class User:
    """A coach who may sign in."""

    login: str
    name: str
    password_hash: str


def hash_password(password: str, iterations: int = ITERATIONS) -> str:
    """A salted PBKDF2-SHA256 hash: ``pbkdf2_sha256$iterations$salt$hash`` (base64)."""
    if not password:
        raise AuthError("empty password", "Een leeg wachtwoord kan niet.")
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    encode = base64.b64encode
    return f"{ALGORITHM}${iterations}${encode(salt).decode()}${encode(digest).decode()}"


def verify_password(password: str, encoded: str) -> bool:
    """True when ``password`` matches the hash (constant-time comparison)."""
    try:
        algorithm, iterations, salt, digest = encoded.split("$")
        if algorithm != ALGORITHM:
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.pbkdf2_hmac(
            "sha256", password.encode(), base64.b64decode(salt), int(iterations)
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def users_file() -> Path | None:
    """The configured users file, or ``None`` for a single-user installation."""
    value = os.environ.get(USERS_ENV, "").strip()
    return Path(value).expanduser() if value else None


def load_users(path: Path) -> dict[str, User]:
    """The coaches in a users file, by login name (lowercase)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise AuthError(
            f"cannot read the users file {path}: {exc}",
            f"Het gebruikersbestand '{path}' kan niet gelezen worden.",
        ) from exc
    users: dict[str, User] = {}
    for login, entry in (data.get("users") or {}).items():
        if not isinstance(entry, dict) or not entry.get("password_hash"):
            raise AuthError(
                f"{path}: user {login!r} has no password_hash",
                f"In het gebruikersbestand mist bij '{login}' een wachtwoord-hash.",
            )
        users[login.lower()] = User(
            login.lower(), str(entry.get("name", login)), entry["password_hash"]
        )
    if not users:
        raise AuthError(f"{path}: no [users.NAME] entries", "Het gebruikersbestand is leeg.")
    return users


def authenticate(users: dict[str, User], login: str, password: str) -> User | None:
    """The user when login and password match, else ``None``."""
    user = users.get(login.strip().lower())
    if user is None:
        verify_password(password, _dummy_hash())  # same work as for a known login
        return None
    return user if verify_password(password, user.password_hash) else None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password(secrets.token_hex(8))
