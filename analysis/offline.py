"""Nothing leaves the machine: switch off the telemetry of the libraries this package loads.

onnxruntime (Silero VAD in faster-whisper, used by transcription and by speaker separation)
is built with Microsoft's 1DS telemetry. Left alone, importing it writes a device id and an
event queue under ``~/.cache/Microsoft/DeveloperTools/.onnxruntime/`` and looks up
``mobile.events.data.microsoft.com``. Two guards, both applied by :func:`disable_telemetry`:

1. ``ORT_DISABLE_TELEMETRY=1`` in the environment. onnxruntime reads it when it initialises
   (on import) and then creates no uploader, no events and no device id for the whole process;
   child processes inherit it. This is the guard that must come first.
2. ``onnxruntime.disable_telemetry_events()``, onnxruntime's own switch, as the second line (it
   still holds if onnxruntime was imported before this package set the variable).

``analysis/__init__.py`` calls :func:`disable_telemetry` when the package is imported, so every
process that uses it (the CLI, the app, workers, scripts and tests) has both guards before any
onnxruntime session can be created. huggingface_hub's telemetry (only used when a larger
Whisper model is downloaded) is switched off by the same environment.
"""

from __future__ import annotations

import importlib
import logging
import os

logger = logging.getLogger(__name__)

#: Environment variables that switch telemetry off, read by the libraries at import time.
TELEMETRY_OFF_ENV: dict[str, str] = {
    "ORT_DISABLE_TELEMETRY": "1",  # onnxruntime's 1DS telemetry (uploader, events, device id)
    "HF_HUB_DISABLE_TELEMETRY": "1",  # huggingface_hub, used by faster-whisper downloads
}


def disable_telemetry() -> bool:
    """Switch off the telemetry of onnxruntime (and huggingface_hub) for this process and its
    children. Idempotent. Returns True when onnxruntime's own switch was applied (False only
    when onnxruntime is not installed)."""
    os.environ.update(TELEMETRY_OFF_ENV)
    try:
        onnxruntime = importlib.import_module("onnxruntime")
    except ImportError:
        logger.debug("onnxruntime is not installed; its environment guard is set")
        return False
    onnxruntime.disable_telemetry_events()
    return True
