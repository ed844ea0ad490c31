"""Work split between forked processes, for one-off runs over large inputs (MkDocs-free).

Forking is only safe in a program without other threads: `projecth check` and `mkdocs build`, never
`mkdocs serve`. Callers decide that; this module only splits the work and puts the results back in order.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from typing import Callable, Sequence, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def usable_cores() -> int:
    """How many cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether a second process would help: `fork` exists and this process may use more than one core."""
    return "fork" in multiprocessing.get_all_start_methods() and usable_cores() > 1


def in_chunks(work: Callable[[list[Item]], Result], items: Sequence[Item], processes: int,
              minimum: int) -> list[Result]:
    """`work` over contiguous chunks of `items`, one chunk per process (this one does the first), results in
    the chunks' order; a single call in this process when `processes` < 2, for fewer than `minimum` items, or
    where `fork` does not exist. `work` must be picklable by reference (a module-level function or a partial)."""
    items = list(items)
    if processes < 2 or len(items) < minimum or "fork" not in multiprocessing.get_all_start_methods():
        return [work(items)]
    size = -(-len(items) // processes)
    chunks = [items[start:start + size] for start in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(len(chunks) - 1, mp_context=context) as pool:
        others = [pool.submit(work, chunk) for chunk in chunks[1:]]
        results = [work(chunks[0])]
        results += [future.result() for future in others]
    return results
