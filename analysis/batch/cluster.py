"""Talks processed on a Ray cluster: actors that each hold the loaded models, one task per talk.

Every machine of the cluster needs Gesprekscoach installed (``pip install ".[ray]"``) and
the talks at the same path (shared storage): a task sends the file's path, not its content.
Results (the JSON and report text) come back to this process, which writes the output folder,
so only this machine needs to reach it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from typing import Any

from analysis.batch.records import BatchError, TalkJob, TalkResult
from analysis.batch.work import TalkWorker

log = logging.getLogger(__name__)

#: CPUs Ray reserves per actor (Whisper itself uses two threads; see the README's Batch part).
CPUS_PER_ACTOR = 1


def _ray() -> Any:
    # Ray's usage statistics stay off: nothing leaves the machine unless the user says so.
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    try:
        import ray
    except ImportError as exc:
        raise BatchError(
            "--ray needs the ray package: pip install 'gesprekscoach[ray]' (or \".[ray]\")"
        ) from exc
    return ray


def connect(address: str) -> Any:
    """Connect this process to the Ray cluster at ``address`` (``host:port``, ``auto``, or
    ``ray://host:10001``); returns the ``ray`` module."""
    ray = _ray()
    try:
        ray.init(address=address, log_to_driver=False, logging_level=logging.WARNING)
    except (ConnectionError, ValueError, RuntimeError) as exc:
        raise BatchError(f"cannot connect to the Ray cluster at {address}: {exc}") from exc
    return ray


def cluster_workers(ray: Any) -> int:
    """One actor per CPU the cluster has (at least one)."""
    cpus = float(ray.cluster_resources().get("CPU", 1.0))
    return max(1, int(cpus // CPUS_PER_ACTOR))


def run_ray(
    jobs: list[TalkJob],
    address: str,
    workers: int | None,
    recordings: bool,
    verbose: bool = False,
    on_connect: Any = None,
) -> Iterator[TalkResult]:
    """Process ``jobs`` on the Ray cluster at ``address``; yields results as they finish.

    ``workers`` actors (default: one per CPU of the cluster) each load the models once; every
    talk is one task given to an idle actor. A task whose actor died is reported as failed;
    the other actors go on.
    """
    ray = connect(address)
    try:
        count = max(1, min(workers or cluster_workers(ray), len(jobs)))
        if on_connect is not None:
            on_connect(count)
        actor_class = ray.remote(num_cpus=CPUS_PER_ACTOR)(TalkWorker)
        idle = [actor_class.remote(recordings, verbose) for _ in range(count)]
        queue = list(reversed(jobs))
        running: dict[Any, tuple[TalkJob, Any]] = {}
        while queue or running:
            while queue and idle:
                job, actor = queue.pop(), idle.pop()
                running[actor.process.remote(job)] = (job, actor)
            ready, _ = ray.wait(list(running), num_returns=1)
            job, actor = running.pop(ready[0])
            try:
                result = ray.get(ready[0])
            except ray.exceptions.RayActorError as exc:
                log.warning("a Ray worker stopped: %s", exc)
                result = TalkResult(
                    job.path, job.sha256, False, error="the Ray worker processing it stopped"
                )
                if not idle and not running:  # every actor is gone: start a fresh one
                    idle.append(actor_class.remote(recordings, verbose))
            except ray.exceptions.RayError as exc:
                result = TalkResult(job.path, job.sha256, False, error=f"Ray error: {exc}")
                idle.append(actor)
            else:
                idle.append(actor)
            yield result
    finally:
        ray.shutdown()
