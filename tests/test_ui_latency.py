"""What keeps a click in the app fast (the times themselves: ``benchmarks/ui_latency.py``).

With the Dutch model in memory a full garbage collection took 0.1-0.3 s on a loaded 2-core
machine; Streamlit ran one after every script run, so each click's last messages waited for
it. The app switches that off, and the model's objects are exempt from later collections.
"""

from __future__ import annotations

import gc
import tomllib

from analysis.model_loader import ModelLoader

from .conftest import REPO


def test_streamlit_runs_no_full_garbage_collection_after_each_click():
    config = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False


class _Node:
    """A container object the collector tracks (as a model's objects are)."""

    def __init__(self, number: int) -> None:
        self.number = number


def test_the_loaded_model_is_exempt_from_later_collections():
    gc.unfreeze()
    try:
        model = ModelLoader(lambda: [_Node(n) for n in range(50_000)]).get(timeout=60)
        frozen = gc.get_freeze_count()
        assert frozen >= len(model)
        assert not any(isinstance(o, _Node) for o in gc.get_objects())  # not walked any more

        plain = ModelLoader(lambda: [_Node(n) for n in range(10)], freeze=False).get(timeout=60)
        assert gc.get_freeze_count() == frozen
        assert sum(isinstance(o, _Node) for o in gc.get_objects()) == len(plain)
    finally:
        gc.unfreeze()
