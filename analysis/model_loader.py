"""Loading the Dutch pipeline in the background, so the first correction does not wait for it.

The app starts a :class:`ModelLoader` when its server process starts: a daemon thread builds
the pipeline while the coach is still choosing a talk; :meth:`ModelLoader.get` returns it,
waiting only if it is not ready yet. A failure while loading is raised again by :meth:`get`.

Once loaded, the model's objects are moved out of the garbage collector's sight
(:func:`gc.freeze`): they live as long as the process, and a full collection over them took
0.1-0.3 s on a loaded 2-core machine, a pause that could fall on any click in the app.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class ModelLoader(Generic[T]):
    """Runs ``load`` once in a daemon thread; :meth:`get` hands out its result."""

    def __init__(
        self, load: Callable[[], T], name: str = "gesprekscoach-model", freeze: bool = True
    ) -> None:
        self._load = load
        self._freeze = freeze
        self._name = name
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._value: T | None = None
        self._error: BaseException | None = None
        self.seconds: float | None = None

    @property
    def ready(self) -> bool:
        """True once loading has finished (successfully or not)."""
        return self._done.is_set()

    def start(self) -> ModelLoader[T]:
        """Start loading in the background (a second call does nothing); returns ``self``."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
                self._thread.start()
        return self

    def get(self, timeout: float | None = None) -> T:
        """The loaded value, waiting for the thread if needed (starting it if nobody did)."""
        self.start()
        if not self._done.wait(timeout):
            raise TimeoutError(f"{self._name} did not finish loading within {timeout} s")
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            self._value = self._load()
            if self._freeze:
                freeze_heap()
        except BaseException as exc:  # handed to the caller of get()
            log.exception("loading %s in the background failed", self._name)
            self._error = exc
        finally:
            self.seconds = time.perf_counter() - started
            self._done.set()
        if self._error is None:
            log.info("%s loaded in the background in %.1f s", self._name, self.seconds)


def freeze_heap() -> None:
    """Collect the garbage there is, then exempt every object alive now (the loaded model
    among them) from later collections, which then only walk what was made since."""
    gc.collect()
    gc.freeze()
    log.info("%d objects exempted from garbage collection", gc.get_freeze_count())
