"""Choosing the Whisper model: the catalogue, downloads (offline for real), a local model folder,
a model downloaded earlier used offline, and names given as hotwords."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis.errors import ModelError
from analysis.transcribe import TranscribeOptions, models, transcribe

from .conftest import DATA, REPO

HALLO = DATA / "audio" / "hallo.wav"
NAMES = DATA / "audio" / "names.ogg"
#: No process started here may reach the model hub: offline mode, or an endpoint nobody serves.
OFFLINE = {"HF_HUB_OFFLINE": "1"}
UNREACHABLE = {
    "HF_HUB_OFFLINE": "0",
    "HF_ENDPOINT": "http://127.0.0.1:9",
    "HF_HUB_ETAG_TIMEOUT": "2",
}


@pytest.fixture(scope="module")
def model_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    cache = tmp_path_factory.mktemp("gesprekscoach-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(models.CACHE_ENV, str(cache))
        yield cache


def _python(code: str, cache: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (huggingface_hub reads its settings on import)."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={**os.environ, models.CACHE_ENV: str(cache), "PYTHONPATH": str(REPO), **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _cli(*args: str, cache: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return _python(
        f"import sys; from analysis.cli import main; sys.exit(main({list(args)!r}))", cache, env
    )


# --- the catalogue -------------------------------------------------------------------------------


def test_catalogue_offers_the_four_models_with_size_and_speed():
    names = [info.name for info in models.CATALOGUE]
    assert names == ["base", "small", "medium", "large-v3-turbo"]
    base = models.model_info("base")
    assert base is not None and base.repo is None and base.rtf == models.BASE_RTF
    for info in models.CATALOGUE[1:]:
        assert info.repo and info.size_mb > base.size_mb and info.rtf > base.rtf
        assert info.note_nl
    assert set(models.DOWNLOADABLE_MODELS) >= {"small", "medium", "large-v3-turbo", "large-v3"}


def test_hub_names_and_repository_ids():
    assert models.hub_repo("small") == "Systran/faster-whisper-small"
    assert models.hub_repo("Systran/faster-whisper-large-v2") == "Systran/faster-whisper-large-v2"
    assert models.hub_repo("base") is None
    assert models.hub_repo("no-such-model") is None


def test_progress_reports_the_fraction_of_bytes_written():
    seen: list[float] = []
    progress = models._progress_class(seen.append)
    files = progress(total=5, desc="Fetching 5 files")
    files.update(1)
    network = progress(total=200, desc="Downloading bytes", unit="B")
    network.update(100)
    written = progress(total=0, desc="Reconstructing", unit="B")
    written.total = 400  # huggingface_hub grows the total as files start
    written.update(100)
    written.update(300)
    assert seen == [0.25, 1.0]


# --- offline, for real: huggingface_hub itself finds no connection ----------------------------


@pytest.mark.parametrize("env", [OFFLINE, UNREACHABLE], ids=["HF_HUB_OFFLINE", "unreachable"])
def test_download_offline_says_so_in_dutch(tmp_path: Path, env: dict[str, str]):
    code = (
        "from analysis.errors import ModelError\n"
        "from analysis.transcribe import models\n"
        "seen = []\n"
        "try:\n"
        "    models.download('small', seen.append)\n"
        "except ModelError as exc:\n"
        "    print(exc.message_nl)\n"
        "    print(exc.message)\n"
        "print('progress', seen)\n"
    )
    result = _python(code, tmp_path, env)
    assert result.returncode == 0, result.stderr
    dutch, english, progress = result.stdout.strip().splitlines()
    assert "'small'" in dutch and "geen internetverbinding" in dutch and "'base'" in dutch
    assert "offline" in english
    assert progress == "progress []"
    assert not any((tmp_path / models.HUB_DIRNAME).rglob("model.bin"))


def test_cli_with_a_model_that_cannot_be_downloaded_exits_2_in_one_line(tmp_path: Path):
    result = _cli("transcribe", str(HALLO), "--model", "small", cache=tmp_path, env=OFFLINE)
    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert "'small'" in line and "base" in line


# --- a local model folder, and a model downloaded earlier ---------------------------------------


def test_a_folder_without_a_model_is_a_model_error(tmp_path: Path):
    with pytest.raises(ModelError) as info:
        transcribe(HALLO, TranscribeOptions(model=str(tmp_path)))
    assert "model.bin" in info.value.message_nl


def test_cli_with_an_empty_model_folder_exits_2(tmp_path: Path):
    result = _cli("analyse", str(HALLO), "--model", str(tmp_path), cache=tmp_path, env=OFFLINE)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert "model.bin" in line


@pytest.mark.slow
def test_cli_transcribes_with_a_local_model_folder(model_cache: Path, tmp_path: Path):
    folder = tmp_path / "mijn-model"
    shutil.copytree(models.ensure_base_ct2_model(), folder)
    result = _cli(
        "transcribe", str(HALLO), "--model", str(folder), "--format", "txt", "--speakers", "1",
        cache=tmp_path / "empty-cache",
        env=OFFLINE,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "middag" in result.stdout.lower()
    assert not (tmp_path / "empty-cache" / models.BASE_CT2_DIRNAME).exists()


def _fake_hub_snapshot(cache: Path, repo: str, source: Path) -> Path:
    """Lay out ``source``'s files as huggingface_hub caches a downloaded model."""
    root = cache / models.HUB_DIRNAME / f"models--{repo.replace('/', '--')}"
    revision = "0123456789abcdef0123456789abcdef01234567"
    snapshot = root / "snapshots" / revision
    snapshot.mkdir(parents=True)
    (root / "refs").mkdir()
    (root / "refs" / "main").write_text(revision, encoding="utf-8")
    for name in ("config.json", "model.bin", "tokenizer.json", "vocabulary.txt"):
        (snapshot / name).symlink_to(source / name)
    return snapshot


@pytest.mark.slow
def test_a_model_downloaded_earlier_works_offline(model_cache: Path, tmp_path: Path):
    snapshot = _fake_hub_snapshot(
        tmp_path, "Systran/faster-whisper-small", models.ensure_base_ct2_model()
    )
    code = (
        "from analysis.transcribe import models, transcribe, TranscribeOptions\n"
        "from pathlib import Path\n"
        "print(models.downloaded_path('small'))\n"
        "print(models.downloaded_path('medium'))\n"
        f"t = transcribe(Path({str(HALLO)!r}), TranscribeOptions(model='small'))\n"
        "print(' '.join(turn.text for turn in t.turns))\n"
    )
    result = _python(code, tmp_path, OFFLINE)
    assert result.returncode == 0, result.stderr
    found, missing, text = result.stdout.strip().splitlines()
    assert Path(found) == snapshot and missing == "None"
    assert "middag" in text.lower()


# --- names as hotwords ----------------------------------------------------------------------------


@pytest.mark.slow
def test_names_given_as_hotwords_are_spelled_right(model_cache: Path):
    def heard(hotwords: str | None) -> str:
        transcript = transcribe(NAMES, TranscribeOptions(hotwords=hotwords))
        return " ".join(turn.text for turn in transcript.turns)

    without = heard(None)
    assert "Wijnanda" not in without and "Sjoerdje" not in without, without
    with_names = heard("Juf Wijnanda, Sjoerdje")
    assert "Wijnanda" in with_names and "Sjoerdje" in with_names, with_names


def test_hotwords_reach_the_cli_options():
    from analysis.cli import build_parser
    from analysis.cli.args import model_options
    from analysis.cli.transcribe import options_from_args

    parser = build_parser()
    args = parser.parse_args(["analyse", "x.wav", "--model", "small", "--hotwords", "Juf Anouk"])
    assert (model_options(args).model, model_options(args).hotwords) == ("small", "Juf Anouk")
    args = parser.parse_args(["transcribe", "x.wav", "--hotwords", " Sanne  de Vries "])
    assert options_from_args(args).hotwords == "Sanne de Vries"
