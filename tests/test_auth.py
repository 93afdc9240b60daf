"""Shared installations: password sign-in, and every coach sees only their own sessions."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.auth import (
    USERS_ENV,
    AuthError,
    authenticate,
    hash_password,
    load_users,
    verify_password,
)
from analysis.review import ItemReview, SessionMeta
from analysis.sessions import SessionNotFoundError, SessionStore

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
