"""A warm pool: the next submission's sandboxed kernel boots while the current submission runs.

Starting a kernel is most of the time a short graded notebook takes (a fresh interpreter importing IPython, inside
bubblewrap): measured at 0.54 s of 0.78 s on one submission. That time does not have to be spent *waiting*: a
kernel's boot happens in its own process, so a worker can launch the next slot's kernel and go on executing the
current submission while the new one imports.

The one idea: each worker process keeps at most one *spare*, a :class:`~labkit.grading.sandbox.SandboxKernel`
already entered (slot, cgroups, folders) whose kernel was launched (``start_kernel`` returns once the process
exists; it does not wait for the kernel to answer). :meth:`WarmPool.take` hands the spare out and launches the
next one. A kernel is never reused: every kernel serves exactly one submission and is killed with its sandbox after
it, so nothing one learner's code leaves behind can reach another's. A spare is handed out only for the same
sandbox (protections, hidden paths, extra files) it was started for, and only while its process is alive;
otherwise it is discarded and a fresh kernel starts, exactly as without a pool.

Leaves out: more than one spare per worker (two workers with one spare each already keep a two-core machine
busy), and sharing spares between processes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from labkit.grading.sandbox import Protections, SandboxKernel


def launch(protections: Protections, hidden: tuple[str, ...], extra_files: dict[str, str]) -> SandboxKernel:
    """An entered sandbox whose kernel has been launched (not waited for); the caller must ``__exit__`` it.

    A launch that fails leaves the sandbox without a kernel; execution then starts one the ordinary way and reports
    why that fails too (see :func:`labkit.grading.execute.execute`).
    """
    from jupyter_core.utils import run_sync

    from labkit.grading.execute import KERNEL_ARGUMENTS

    sandbox = SandboxKernel(protections, hidden=[Path(h) for h in hidden], extra_files=extra_files).__enter__()
    try:
        km = sandbox.kernel_manager()
        with open(sandbox.kernel_log, "ab") as log:  # the same arguments nbclient would start it with
            run_sync(km.start_kernel)(extra_arguments=list(KERNEL_ARGUMENTS), stdout=log, stderr=log)
    except Exception:  # noqa: BLE001 - reported when the submission executes, not here
        sandbox.km = None
    return sandbox


def _key(protections: Protections, hidden: tuple[str, ...], extra_files: dict[str, str]) -> tuple:
    """What a spare must have been started for to be handed out: the same protections, hidden paths and files."""
    return protections, tuple(hidden), tuple(sorted(extra_files.items()))


def _alive(sandbox: SandboxKernel) -> bool:
    from jupyter_core.utils import run_sync

    km = sandbox.km
    try:
        return km is not None and km.has_kernel and bool(run_sync(km.is_alive)())
    except Exception:  # noqa: BLE001 - a spare we cannot ask about is not handed out
        return False


class WarmPool:
    """At most one spare sandboxed kernel, booting while the current submission runs (one pool per process)."""

    def __init__(self) -> None:
        self._spare: SandboxKernel | None = None
        self._key: tuple | None = None
        self.handed_warm = 0  # how many kernels were handed out already launched (for tests and benchmarks)

    def prepare(self, protections: Protections, hidden: tuple[str, ...], extra_files: dict[str, str]) -> None:
        """Launch a spare now unless there is one: a worker's first kernel, booting before its first task arrives."""
        if self._spare is None:
            self._spare, self._key = launch(protections, hidden, extra_files), _key(protections, hidden, extra_files)

    def take(self, protections: Protections, hidden: tuple[str, ...], extra_files: dict[str, str],
             prepare_next: bool) -> SandboxKernel:
        """An entered sandbox with a launched kernel for one submission; launch the next one if ``prepare_next``.

        The caller owns the returned sandbox and must ``__exit__`` it after its single submission.
        """
        key = _key(protections, hidden, extra_files)
        sandbox, self._spare = self._spare, None
        if sandbox is not None and (self._key != key or not _alive(sandbox)):
            sandbox.__exit__(None, None, None)
            sandbox = None
        if sandbox is None:
            sandbox = launch(protections, hidden, extra_files)
        else:
            self.handed_warm += 1
        if prepare_next:
            self._spare, self._key = launch(protections, hidden, extra_files), key
        return sandbox

    def close(self) -> None:
        """Kill and clean up the spare, if any (its kernel never ran learner code)."""
        spare, self._spare = self._spare, None
        if spare is not None:
            spare.__exit__(None, None, None)


_POOL: WarmPool | None = None


def pool() -> WarmPool:
    """This process's pool; its spare is cleaned up when the process exits (a pool worker too)."""
    global _POOL
    if _POOL is None:
        from multiprocessing import util

        _POOL = WarmPool()
        # multiprocessing runs these finalizers at exit in its workers (which skip atexit) and in the main process
        util.Finalize(_POOL, _POOL.close, exitpriority=10)
    return _POOL


def prepare_worker(protections: Protections, hidden: tuple[str, ...], extra_files: dict[str, str]) -> None:
    """A local worker's first step: launch its first kernel now, for the sandbox its tasks will ask for.

    Never raises (a worker that died here would fail the whole batch): a kernel that cannot be launched now is
    launched again for the first task, which then reports why.
    """
    try:
        pool().prepare(protections, hidden, extra_files)
    except Exception:  # noqa: BLE001 - see above
        pass


def close_pool(*_: Any) -> None:
    """Kill this process's spare kernel now (the end of a batch graded in this process)."""
    if _POOL is not None:
        _POOL.close()
