"""Optional sign-in for shared installations (a training institute with one server).

Without a users file the app is single-user (the normal local case). With
``GESPREKSCOACH_USERS`` pointing at a TOML file of coaches and password hashes, the app asks
for a sign-in and every coach sees only their own sessions::

    [users.anouk]
    name = "Anouk de Vries"
    password_hash = "pbkdf2_sha256$600000$...$..."

Make a hash with ``python -m analysis hash-password``. Passwords are never stored, only
salted PBKDF2-SHA256 hashes, compared in constant time.

A sign-in lasts for the browser session, across page reloads, through a signed token kept in a
cookie (:func:`make_token`, :func:`verify_token`): the login and an expiry time (12 hours),
signed with HMAC-SHA256 under a per-installation secret stored owner-only in the data folder
(:func:`load_or_create_secret`). The signature also covers a fingerprint of the coach's
password hash, so changing a password, or removing the coach, ends their sign-ins.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
import tomllib
import uuid
from collections.abc import Mapping
from contextlib import suppress
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis.errors import AnalysisError
from analysis.store import private_dir

USERS_ENV = "GESPREKSCOACH_USERS"
ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 600_000

SECRET_FILE = "sign-in-secret"
SECRET_BYTES = 32
TOKEN_VERSION = "v1"
TOKEN_SECONDS = 12 * 3600
_MAX_TOKEN_LENGTH = 512


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


# --- sign-in tokens ---------------------------------------------------------------------------


def load_or_create_secret(data_dir: Path) -> bytes:
    """The installation's signing secret: ``<data_dir>/sign-in-secret``, created on first use
    (32 random bytes, owner-only). Processes racing to create it all end up with the same one.
    """
    path = data_dir / SECRET_FILE
    for _ in range(3):
        try:
            secret = path.read_bytes()
        except FileNotFoundError:
            _create_secret(path)
            continue
        except OSError as exc:
            raise _secret_error(path, exc) from exc
        if len(secret) < SECRET_BYTES:
            break
        if os.name == "posix" and path.stat().st_mode & 0o077:
            path.chmod(0o600)
        return secret
    raise AuthError(
        f"{path}: the sign-in secret is missing or damaged; delete the file to make a new one",
        "De inlogsleutel van deze installatie is beschadigd. Vraag de beheerder om het bestand "
        f"'{SECRET_FILE}' in de gegevensmap te verwijderen.",
    )


def _create_secret(path: Path) -> None:
    """Write a new secret next to ``path`` and link it in place unless another process won."""
    try:
        private_dir(path.parent)
        tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        fd = os.open(tmp, flags, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(SECRET_BYTES))
                handle.flush()
                os.fsync(handle.fileno())
            with suppress(FileExistsError):  # another process made it first: use theirs
                os.link(tmp, path)  # atomic, and never replaces a secret already there
        finally:
            tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise _secret_error(path, exc) from exc


def _secret_error(path: Path, exc: OSError) -> AuthError:
    return AuthError(
        f"cannot read or create the sign-in secret {path}: {exc.strerror or exc}",
        "De inlogsleutel van deze installatie kan niet gelezen of gemaakt worden.",
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _signature(secret: bytes, user: User, expires: int) -> bytes:
    fingerprint = hashlib.sha256(user.password_hash.encode("utf-8")).hexdigest()
    message = f"{TOKEN_VERSION}\n{user.login}\n{expires}\n{fingerprint}".encode()
    return hmac.new(secret, message, hashlib.sha256).digest()


def make_token(
    user: User, secret: bytes, now: float | None = None, lifetime: int = TOKEN_SECONDS
) -> str:
    """A signed sign-in token for ``user``, valid for ``lifetime`` seconds from ``now``:
    ``v1.<login>.<expiry>.<signature>`` (base64url, safe in a cookie)."""
    expires = int(time.time() if now is None else now) + lifetime
    login = _b64(user.login.encode("utf-8"))
    return f"{TOKEN_VERSION}.{login}.{expires}.{_b64(_signature(secret, user, expires))}"


def verify_token(
    token: str, secret: bytes, users: Mapping[str, User], now: float | None = None
) -> User | None:
    """The coach a token signs in, or ``None`` when it is malformed, tampered with, signed with
    another secret, expired, or names a coach who is gone or has another password now."""
    if not isinstance(token, str) or len(token) > _MAX_TOKEN_LENGTH:
        return None
    parts = token.split(".")
    if len(parts) != 4 or parts[0] != TOKEN_VERSION or not parts[2].isdigit():
        return None
    if len(parts[2]) > 12:
        return None
    try:
        login = _unb64(parts[1]).decode("utf-8")
        signature = _unb64(parts[3])
    except (ValueError, UnicodeDecodeError):
        return None
    user = users.get(login)
    if user is None:
        return None
    expires = int(parts[2])
    if not hmac.compare_digest(signature, _signature(secret, user, expires)):
        return None
    current = time.time() if now is None else now
    if not current < expires <= current + TOKEN_SECONDS + 60:
        return None
    return user
