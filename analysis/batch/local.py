"""Talks processed in worker processes on this machine, each loading its models once."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from analysis.batch.records import TalkJob, TalkResult
from analysis.batch.work import init_worker, process_talk

log = logging.getLogger(__name__)

#: A talk whose worker process died (killed, out of memory) is tried again this often.
RETRIES = 1


def default_workers() -> int:
    """``min(2, cores)``: Whisper already uses two threads per worker."""
    return max(1, min(2, os.cpu_count() or 1))


def _init_local(recordings: bool, verbose: bool) -> None:
    """Worker initializer: Ctrl-C is for the main process, which stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    init_worker(recordings, verbose)


def _stop(children: list[multiprocessing.process.BaseProcess]) -> None:
    """End the worker processes at once (a talk in hand is not finished; it is not recorded
    as done, so the next run does it)."""
    for child in children:
        if child.is_alive():
            child.terminate()
    for child in children:
        child.join(timeout=10)


def run_local(
    jobs: list[TalkJob], workers: int, recordings: bool, verbose: bool = False
) -> Iterator[TalkResult]:
    """Process ``jobs`` in ``workers`` processes; yields each result as it finishes.

    Worker processes are started fresh (``spawn``: no state copied from this process) and
    load the models in their initializer. When a worker dies, the talks it had in hand are
    tried again in a new pool, then reported as failed.
    """
    context = multiprocessing.get_context("spawn")
    attempts = dict.fromkeys(range(len(jobs)), 0)
    pending = list(range(len(jobs)))
    while pending:
        broken: list[int] = []
        before = set(multiprocessing.active_children())
        with ProcessPoolExecutor(
            max_workers=max(1, min(workers, len(pending))),
            mp_context=context,
            initializer=_init_local,
            initargs=(recordings, verbose),
        ) as pool:
            futures: dict[Future[TalkResult], int] = {
                pool.submit(process_talk, jobs[index]): index for index in pending
            }
            try:
                while futures:
                    done, _ = wait(futures, return_when=FIRST_COMPLETED)
                    for future in done:
                        index = futures.pop(future)
                        try:
                            yield future.result()
                        except BrokenProcessPool:
                            broken.append(index)
            except BaseException:  # Ctrl-C, or the caller stopped: leave no worker behind
                pool.shutdown(wait=False, cancel_futures=True)
                _stop([c for c in multiprocessing.active_children() if c not in before])
                raise
        pending = []
        for index in broken:
            attempts[index] += 1
            if attempts[index] > RETRIES:
                yield TalkResult(
                    jobs[index].path,
                    jobs[index].sha256,
                    False,
                    error="the worker process processing this talk stopped (out of memory?)",
                )
            else:
                log.warning("worker process died; trying %s again", jobs[index].path)
                pending.append(index)
