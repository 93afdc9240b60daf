"""Shared installations: password sign-in, and every coach sees only their own sessions."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.auth import (
    SECRET_FILE,
    TOKEN_SECONDS,
    USERS_ENV,
    AuthError,
    User,
    authenticate,
    hash_password,
    load_or_create_secret,
    load_users,
    make_token,
    verify_password,
    verify_token,
)
from analysis.review import ItemReview, SessionMeta
from analysis.store import SessionNotFoundError, SessionStore

from .conftest import REPO


def test_hash_and_verify():
    encoded = hash_password("geheim wachtwoord", iterations=1000)
    assert encoded.startswith("pbkdf2_sha256$1000$")
    assert "geheim" not in encoded
    assert verify_password("geheim wachtwoord", encoded)
    assert not verify_password("Geheim wachtwoord", encoded)
    assert not verify_password("x", "not-a-hash")
    assert hash_password("a", 1000) != hash_password("a", 1000)


def _users_file(tmp_path: Path) -> Path:
    path = tmp_path / "users.toml"
    path.write_text(
        "[users.anouk]\n"
        f'name = "Anouk"\npassword_hash = "{hash_password("appel", 1000)}"\n'
        "[users.Bas]\n"
        f'name = "Bas"\npassword_hash = "{hash_password("peer", 1000)}"\n',
        encoding="utf-8",
    )
    return path


def test_authenticate(tmp_path: Path):
    users = load_users(_users_file(tmp_path))
    assert authenticate(users, "Anouk", "appel").name == "Anouk"
    assert authenticate(users, "bas", "peer").login == "bas"
    assert authenticate(users, "anouk", "peer") is None
    assert authenticate(users, "piet", "appel") is None


@pytest.mark.parametrize("content", ["", "[users.x]\nname = 'x'\n", "not toml ["])
def test_bad_users_files_are_refused(tmp_path: Path, content: str):
    path = tmp_path / "users.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AuthError):
        load_users(path)


def test_each_coach_sees_only_their_own_sessions(tmp_path: Path):
    anouk = SessionStore(tmp_path, owner="anouk")
    bas = SessionStore(tmp_path, owner="bas")
    mine = anouk.create(SessionMeta(title="van Anouk", teacher="Sanne"))
    theirs = bas.create(SessionMeta(title="van Bas", teacher="Sanne"))

    assert [s.id for s in anouk.list_sessions()] == [mine]
    assert [s.id for s in bas.list_sessions(teacher="sanne")] == [theirs]
    for action in (
        lambda: anouk.get(theirs),
        lambda: anouk.save_item_review(theirs, "welcome", ItemReview(status="confirmed")),
        lambda: anouk.delete(theirs),
    ):
        with pytest.raises(SessionNotFoundError):
            action()
    assert bas.get(theirs).review.item("welcome").status == "pending"
    assert bas.folder(theirs).parent.exists()
    assert {s.id for s in SessionStore(tmp_path).list_sessions()} == {mine, theirs}


def test_app_asks_for_a_sign_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv(USERS_ENV, str(_users_file(tmp_path)))
    monkeypatch.setenv("GESPREKSCOACH_DATA", str(tmp_path / "data"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    assert "type: PASSWORD" in str(at.text_input(key="login-password").proto)

    at.text_input(key="login-name").set_value("anouk")
    at.text_input(key="login-password").set_value("fout")
    at.button[0].click().run()
    assert at.error and "klopt niet" in at.error[0].value

    at.text_input(key="login-password").set_value("appel")
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Nieuw gesprek"
    assert any("Ingelogd als Anouk" in c.value for c in at.sidebar.caption)


# --- sign-in tokens (the cookie that keeps a coach signed in across reloads) --------------------

ANOUK = User("anouk", "Anouk", hash_password("appel", 1000))
BAS = User("bas", "Bas", hash_password("peer", 1000))
USERS = {"anouk": ANOUK, "bas": BAS}
SECRET = b"s" * 32
NOW = 1_900_000_000.0


def test_a_token_signs_in_its_coach_until_it_expires():
    token = make_token(ANOUK, SECRET, now=NOW)

    assert verify_token(token, SECRET, USERS, now=NOW) == ANOUK
    assert verify_token(token, SECRET, USERS, now=NOW + TOKEN_SECONDS - 1) == ANOUK
    assert verify_token(token, SECRET, USERS, now=NOW + TOKEN_SECONDS) is None
    assert TOKEN_SECONDS == 12 * 3600
    assert "appel" not in token and ANOUK.password_hash not in token


def test_a_tampered_token_is_refused():
    version, login, expires, signature = make_token(ANOUK, SECRET, now=NOW).split(".")
    other_login = make_token(BAS, SECRET, now=NOW).split(".")[1]
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]

    for forged in (
        f"{version}.{other_login}.{expires}.{signature}",  # another coach
        f"{version}.{login}.{int(expires) + 3600}.{signature}",  # a longer life
        f"{version}.{login}.{expires}.{flipped}",
        f"v2.{login}.{expires}.{signature}",
        f"{version}.{login}.{expires}",
        f"{version}.{login}.-1.{signature}",
        f"{version}.{login}.{'9' * 40}.{signature}",
        "",
        "." * 600,
        "v1.!!!.1.@@@",
    ):
        assert verify_token(forged, SECRET, USERS, now=NOW) is None, forged


def test_a_token_from_another_installation_is_refused():
    token = make_token(ANOUK, b"x" * 32, now=NOW)
    assert verify_token(token, SECRET, USERS, now=NOW) is None


def test_a_new_password_or_a_removed_coach_ends_the_sign_in():
    token = make_token(ANOUK, SECRET, now=NOW)
    new_password = {"anouk": User("anouk", "Anouk", hash_password("citroen", 1000))}

    assert verify_token(token, SECRET, new_password, now=NOW) is None
    assert verify_token(token, SECRET, {"bas": BAS}, now=NOW) is None


def test_the_secret_is_made_once_owner_only(tmp_path: Path):
    data_dir = tmp_path / "data"

    secret = load_or_create_secret(data_dir)

    assert len(secret) == 32
    assert load_or_create_secret(data_dir) == secret
    if os.name == "posix":
        assert stat.S_IMODE((data_dir / SECRET_FILE).stat().st_mode) == 0o600
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
    assert [p.name for p in data_dir.iterdir()] == [SECRET_FILE]


def test_processes_starting_together_share_one_secret(tmp_path: Path):
    data_dir = tmp_path / "data"
    script = (
        "import sys; from pathlib import Path; from analysis.auth import load_or_create_secret;"
        "print(load_or_create_secret(Path(sys.argv[1])).hex())"
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(data_dir)],
            cwd=REPO,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    secrets_seen = {process.communicate(timeout=60)[0].strip() for process in processes}

    assert secrets_seen == {(data_dir / SECRET_FILE).read_bytes().hex()}


def test_a_damaged_secret_is_reported(tmp_path: Path):
    (tmp_path / SECRET_FILE).write_bytes(b"kort")
    with pytest.raises(AuthError) as info:
        load_or_create_secret(tmp_path)
    assert SECRET_FILE in info.value.message_nl
