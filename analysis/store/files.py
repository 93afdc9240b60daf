"""The file side of the store: the data folder, session folders, safe names, private writes.

Everything lives in one per-user data directory (:func:`default_data_dir`), readable by its
owner only::

    <data_dir>/sessions.db                 records (WAL mode, owner-only)
    <data_dir>/sessions/<id>/<audio>       the recording, under a safe file name
    <data_dir>/sessions/<id>/exports/...   exported reports
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterable
from contextlib import suppress
from pathlib import Path

from analysis.store.errors import StorageError, file_error, not_found

log = logging.getLogger(__name__)

APP_NAME = "gesprekscoach"
DATA_ENV = "GESPREKSCOACH_DATA"
SESSIONS_DIR = "sessions"
EXPORTS_DIR = "exports"
DIR_MODE = 0o700
FILE_MODE = 0o600

_ID = re.compile(r"^[0-9a-f]{32}$")
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{n}" for p in ("COM", "LPT") for n in range(10)
}


def default_data_dir() -> Path:
    """The per-user data directory: ``$GESPREKSCOACH_DATA``, else the platform's user data dir.

    Linux: ``$XDG_DATA_HOME/gesprekscoach`` (default ``~/.local/share/gesprekscoach``); macOS:
    ``~/Library/Application Support/gesprekscoach``; Windows: ``%LOCALAPPDATA%\\gesprekscoach``.
    """
    env = os.environ.get(DATA_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    try:
        import platformdirs  # optional dependency
    except ImportError:
        pass
    else:
        return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    home = Path.home()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(home / "AppData" / "Local")
        return Path(base) / APP_NAME
    if sys.platform == "darwin":
        return home / "Library" / "Application Support" / APP_NAME
    xdg = os.environ.get("XDG_DATA_HOME", "").strip()
    return (Path(xdg) if xdg else home / ".local" / "share") / APP_NAME


def safe_filename(name: str, default: str = "opname") -> str:
    """A file name that cannot leave its folder: no path parts, no ``..``, extension kept.

    ``"../../etc/passwd.wav"`` → ``"passwd.wav"``; ``"C:\\tmp\\Gesprek 1.MP3"`` →
    ``"Gesprek 1.mp3"``.
    """
    base = unicodedata.normalize("NFKC", name).replace("\\", "/").split("/")[-1]
    base = base.replace("\x00", "").replace("..", "")
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    stem = re.sub(r"[^\w\- ]+", "_", stem).strip(" ._-")[:80] or default
    if stem.upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    ext = re.sub(r"[^A-Za-z0-9]", "", ext)[:10].lower()
    return f"{stem}.{ext}" if ext else stem


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it owner-only (mode 700)."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if os.name == "posix" and path.stat().st_mode & 0o777 != DIR_MODE:
        log.info("restricting %s to its owner (mode 700)", path)
        path.chmod(DIR_MODE)
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically with owner-only permissions."""
    tmp = path.with_name(f".{path.name}.part")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        with suppress(FileNotFoundError):
            tmp.unlink()
        raise


def check_id(session_id: str) -> None:
    """Raise :class:`SessionNotFoundError` for anything that is not a session id."""
    if not isinstance(session_id, str) or not _ID.match(session_id):
        raise not_found(str(session_id))


def session_folder(data_dir: Path, session_id: str) -> Path:
    """The folder of a session's files (not created)."""
    check_id(session_id)
    return data_dir / SESSIONS_DIR / session_id


def save_file(folder: Path, name: str, data: bytes, default: str) -> Path:
    """Write ``data`` owner-only into ``folder`` (created) under a safe version of ``name``."""
    target = folder / safe_filename(name, default=default)
    try:
        private_dir(folder.parent)
        private_dir(folder)
        if not target.resolve().is_relative_to(folder.resolve()):
            raise StorageError(
                f"unsafe file name {name!r}", "Ongeldige bestandsnaam voor de opname."
            )
        write_private(target, data)
    except OSError as exc:
        raise file_error(target, exc) from exc
    return target


def unlink(path: Path) -> None:
    """Remove a file (gone already is fine)."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        raise file_error(path, exc) from exc


def remove_tree(path: Path) -> None:
    """Remove a folder with everything in it (gone already is fine)."""
    try:
        shutil.rmtree(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise file_error(path, exc) from exc


def orphan_folders(data_dir: Path, known: Iterable[str]) -> list[Path]:
    """Session folders whose id is not in ``known`` (left by a crash during delete)."""
    ids = set(known)
    return [
        path
        for path in sorted((data_dir / SESSIONS_DIR).iterdir())
        if path.is_dir() and _ID.match(path.name) and path.name not in ids
    ]
