"""Executing a submission: papermill drives the notebook through a custom engine with the grader's own rules.

The one idea: papermill does the executing and the bookkeeping (cell timing, the output notebook), and one engine,
registered as ``labkit-sandbox``, changes what a *grader* needs changed:

* keep going after a learner's cell raises (``allow_errors``), so one broken answer does not cost the others;
* a cell that runs past ``cell_timeout`` is interrupted and recorded, and the next cell runs;
* past ``notebook_timeout`` no further cell starts, and a watchdog kills the kernel if one is still running;
* a dead kernel (``os._exit``, a signal, a resource limit) ends the run cleanly with the reason;
* output is capped (``max_output_kb`` per notebook, the learner's cells and the grader's own cells counted apart)
  over *every* message the kernel sends about a cell: streams, ``display_data``, ``update_display_data``,
  ``execute_result``, errors and comm messages (widget state). Each message also costs a fixed overhead, so a
  flood of empty updates runs into the cap too; past it, messages are dropped unread;
* the grader's sockets refuse any single message frame over :data:`MAX_MESSAGE_BYTES` and queue at most
  :data:`RECEIVE_QUEUE` messages, so what the grader holds in memory stays bounded whatever the kernel sends.

Leaves out: rich output handling beyond counting bytes (images count by their encoded size), and a bound on the
number of frames in one multipart message (ZeroMQ has none; a kernel would have to hand-craft such a message).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines

from labkit.errors import KernelUnavailableError

HARNESS_PREFIX = "labkit-harness-"
MAX_MESSAGE_BYTES = 16 * 2**20  # a harness result is at most ~4 MB of JSON text; nothing honest comes near this
RECEIVE_QUEUE = 64  # messages ZeroMQ may hold for us; a flooding kernel's surplus is dropped at the source
MESSAGE_OVERHEAD = 256  # bytes charged per message on top of its text, so empty messages cannot flood for free
UNCOUNTED = frozenset({"status", "execute_input", "clear_output"})  # bookkeeping nbclient needs, never stored
IOPUB_READY_WAIT = 0.2  # seconds for a kernel_info's idle status to follow its reply before asking again
KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]  # a graded kernel keeps no input history: less work per cell


def message_size(msg: dict[str, Any]) -> int:
    """Bytes a kernel message asks the grader to keep: its strings, its binary buffers and a fixed overhead.

    Walks the content with a stack (a deeply nested message cannot exhaust the grader's recursion limit).

    >>> message_size({"content": {"name": "stdout", "text": "hello"}})
    277
    """
    total, stack = MESSAGE_OVERHEAD, [msg.get("content", {}), msg.get("metadata", {})]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            total += len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            total += len(item)
            stack.extend(item)
        else:
            total += 8
    return total + sum(len(memoryview(b)) for b in msg.get("buffers") or [])


def is_answer(msg: dict[str, Any], asked: set[str], msg_type: str, state: str | None = None) -> bool:
    """Whether ``msg`` is a ``msg_type`` message (with that ``execution_state``) answering one of the ``asked`` ids.

    >>> reply = {"msg_type": "status", "parent_header": {"msg_id": "a"}, "content": {"execution_state": "idle"}}
    >>> is_answer(reply, {"a"}, "status", "idle"), is_answer(reply, {"b"}, "status", "idle")
    (True, False)
    """
    return (msg.get("msg_type") == msg_type and msg.get("parent_header", {}).get("msg_id") in asked
            and (state is None or msg.get("content", {}).get("execution_state") == state))


def bounded_client_class():
    """An async kernel client whose ZeroMQ sockets cap message size and queue length (see the module docstring),
    and that knows a kernel is ready the moment it is (:meth:`wait_for_ready`)."""
    from queue import Empty

    import zmq
    import zmq.asyncio
    from jupyter_client.asynchronous import AsyncKernelClient
    from traitlets import default

    class BoundedKernelClient(AsyncKernelClient):
        @default("context")
        def _context_default(self) -> zmq.asyncio.Context:
            self._created_context = True  # stop_channels() then destroys it with the client
            context = zmq.asyncio.Context()
            context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)  # a larger frame drops that connection
            context.setsockopt(zmq.RCVHWM, RECEIVE_QUEUE)
            return context

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            """Return once the kernel answered ``kernel_info`` on the shell channel and reported ``idle`` for it on
            IOPub: both channels are connected and nothing older is left in the way.

            jupyter_client's own wait ends by draining IOPub until it has been silent for 0.2 s, which is 0.2 s of
            idle waiting per kernel, and so per submission. The ``idle`` status of our own request says the same
            thing the moment it arrives. If it does not come within :data:`IOPUB_READY_WAIT` (IOPub was not
            connected yet when the kernel sent it), ask again, accepting the answer to any request sent; raise
            :class:`~labkit.errors.KernelUnavailableError` (a ``RuntimeError``, as jupyter_client raises) when the
            kernel dies or ``timeout`` passes first.
            """
            limit = timeout if timeout is not None else 60.0
            deadline = time.monotonic() + limit
            asked: set[str] = set()
            while True:
                asked.add(self.kernel_info())
                try:
                    reply = await self.shell_channel.get_msg(timeout=1)
                    while not is_answer(reply, asked, "kernel_info_reply"):
                        reply = await self.shell_channel.get_msg(timeout=1)
                    while not is_answer(await self.iopub_channel.get_msg(timeout=IOPUB_READY_WAIT), asked, "status",
                                        "idle"):
                        pass
                    self._handle_kernel_info_reply(reply)
                    return
                except Empty:
                    pass
                if not await self.is_alive():
                    raise KernelUnavailableError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise KernelUnavailableError(f"Kernel didn't respond in {limit:g} seconds", limit)

    return BoundedKernelClient


@dataclass
class RunReport:
    """What happened while executing: the stop reason (empty when every cell ran), timeouts, output truncation."""

    stopped: str = ""
    timed_out_cells: list[str] = field(default_factory=list)
    truncated: bool = False
    seconds: float = 0.0
    nb: Any = None


class GradingClient(PapermillNotebookClient):
    """A papermill notebook client that survives learner errors, timeouts, dead kernels and output floods."""

    def __init__(self, nb_man, report: RunReport, deadline: float, max_output_bytes: int, kernel_log: str, **kw):
        super().__init__(nb_man, **kw)
        self.kernel_log = kernel_log
        self.report = report
        self.deadline = deadline
        self.max_output_bytes = max_output_bytes
        self.learner_bytes = 0
        self.harness_bytes = 0

    def execute(self, **kwargs):
        """Like papermill's, but a dead or stuck kernel at the end cannot lose the outputs gathered so far."""
        self.reset_execution_trackers()
        if self.km is not None:
            self.km.client_factory = bounded_client_class()
        try:
            log = open(self.kernel_log, "ab")  # the kernel's own stdout/stderr: kept for the reason, capped by RLIMIT_FSIZE
            with log, self.setup_kernel(stdout=log, stderr=log, **kwargs):
                self.papermill_execute_cells()
                if not self.report.stopped:
                    info = self.wait_for_reply(self.kc.kernel_info())
                    self.nb.metadata["language_info"] = info["content"]["language_info"]
        except Exception as exc:  # shutting down a dead kernel can fail too; the cells' outputs are kept
            if not self.report.stopped:
                self.report.stopped = f"the kernel failed: {type(exc).__name__}: {str(exc)[:200]}"
        return self.nb

    def papermill_execute_cells(self) -> None:
        from nbclient.exceptions import CellTimeoutError, DeadKernelError

        for index, cell in enumerate(self.nb.cells):
            if time.monotonic() > self.deadline:
                self.report.stopped = self.report.stopped or "notebook timeout: later cells were not run"
                break
            try:
                self.nb_man.cell_start(cell, index)
                self.execute_cell(cell, index)
            except DeadKernelError:
                self.report.stopped = f"the kernel died while running cell {cell.get('id', index)}"
                break
            except CellTimeoutError:
                self.report.timed_out_cells.append(cell.get("id", str(index)))
                self.report.stopped = f"cell {cell.get('id', index)} timed out and could not be interrupted"
                break
            except Exception as exc:  # e.g. the kernel's channels closed under us
                if time.monotonic() > self.deadline:
                    self.report.stopped = "notebook timeout: the kernel was stopped"
                else:
                    self.report.stopped = f"execution stopped in cell {cell.get('id', index)}: {type(exc).__name__}"
                break
            finally:
                self.nb_man.cell_complete(self.nb.cells[index], cell_index=index)

    async def _async_handle_timeout(self, timeout, cell=None):  # noqa: D102 - nbclient hook
        self.report.timed_out_cells.append(str(cell.get("id", "?")) if cell is not None else "?")
        return await super()._async_handle_timeout(timeout, cell)

    def process_message(self, msg, cell, cell_index):  # noqa: D102 - nbclient hook, sees every iopub message
        if msg.get("msg_type") not in UNCOUNTED:
            size = message_size(msg)
            if str(self.nb.cells[cell_index].get("id", "")).startswith(HARNESS_PREFIX):
                self.harness_bytes += size
                over = self.harness_bytes > self.max_output_bytes
            else:
                self.learner_bytes += size
                over = self.learner_bytes > self.max_output_bytes
            if over:
                self.report.truncated = True
                return None
        return super().process_message(msg, cell, cell_index)


class SandboxEngine(NBClientEngine):
    """papermill engine ``labkit-sandbox``: runs :class:`GradingClient` with the grader's km and limits."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, **kwargs):
        report: RunReport = kwargs.pop("report")
        report.nb = nb_man.nb  # the live notebook: whatever happens, its outputs so far stay reachable
        client = GradingClient(
            nb_man, report=report, deadline=kwargs.pop("deadline"),
            max_output_bytes=kwargs.pop("max_output_bytes"), km=kwargs.pop("km"), kernel_log=kwargs.pop("kernel_log"),
            timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
            allow_errors=True, interrupt_on_timeout=True, raise_on_iopub_timeout=False,
            extra_arguments=list(KERNEL_ARGUMENTS),
            error_on_timeout={"ename": "CellTimeout", "evalue": f"the cell ran longer than {execution_timeout} s",
                              "traceback": []},
            log_output=False,
        )
        return client.execute()


papermill_engines.register("labkit-sandbox", SandboxEngine)


def _run(nb: Any, kernel_name: str, cwd: str | None = None, **engine_kwargs: Any) -> Any:
    """Run ``nb`` through the ``labkit-sandbox`` engine: papermill's cell bookkeeping without the rest of
    ``papermill.execute_notebook`` (parameters, and a validation and write of the whole notebook at the end, which
    the grader does not need: it judges the notebook object)."""
    import nbformat
    from papermill import __version__
    from papermill.execute import prepare_notebook_metadata
    from papermill.utils import chdir

    nb = nbformat.from_dict(nb)  # attribute access all the way down, as papermill's own reload would give
    nb.metadata["papermill"] = {"default_parameters": {}, "parameters": {}, "environment_variables": {},
                                "version": __version__}
    for cell in nb.cells:
        cell.metadata.setdefault("tags", [])
        cell.metadata.setdefault("papermill", {})
    nb = prepare_notebook_metadata(nb, None, None)
    with chdir(cwd):
        return papermill_engines.execute_notebook_with_engine(
            "labkit-sandbox", nb, kernel_name, progress_bar=False, log_output=False, **engine_kwargs)


def execute(nb: Any, sandbox) -> tuple[Any, RunReport]:
    """Execute ``nb`` in ``sandbox`` (an entered :class:`~labkit.grading.sandbox.SandboxKernel`); return the result.

    A kernel the warm pool already launched in it is used as it is (nbclient skips the start); otherwise one starts.
    Never raises for anything the learner's code does; the report says how the run ended.
    """
    policy = sandbox.policy
    report = RunReport()
    started = time.monotonic()
    km = sandbox.km if sandbox.km is not None and sandbox.km.has_kernel else sandbox.kernel_manager()  # warm or new
    watchdog = threading.Timer(policy.notebook_timeout + policy.cell_timeout / 2, sandbox.stop)
    watchdog.daemon = True
    watchdog.start()
    result = None
    try:
        result = _run(nb, "labkit-sandbox", start_timeout=policy.startup_timeout,
                      execution_timeout=policy.cell_timeout, report=report, km=km,
                      deadline=started + policy.notebook_timeout, max_output_bytes=policy.max_output_kb * 1024,
                      kernel_log=str(sandbox.kernel_log))
    except RuntimeError as exc:
        report.stopped = report.stopped or f"the kernel could not run: {exc}"
    except Exception as exc:
        report.stopped = report.stopped or f"execution failed: {type(exc).__name__}: {str(exc)[:200]}"
    finally:
        watchdog.cancel()
        sandbox.stop()
    report.seconds = time.monotonic() - started
    if report.stopped and "kernel" in report.stopped:
        problem = sandbox.launch_problem()  # from the launcher's status file: nothing the kernel prints counts
        if problem:
            report.stopped += f" ({problem})"
    if result is None:
        result = report.nb
    return result if result is not None else nb, report


def execute_local(nb: Any, cwd: Path, policy, log: Path) -> tuple[Any, RunReport]:
    """Execute ``nb`` with the ordinary ``python3`` kernel in ``cwd`` (``labkit check``: the learner's own machine)."""
    from jupyter_client import AsyncKernelManager

    report = RunReport()
    started = time.monotonic()
    km = AsyncKernelManager(kernel_name="python3")
    try:
        _run(nb, "python3", cwd=str(cwd), start_timeout=policy.startup_timeout,
             execution_timeout=policy.cell_timeout, report=report, km=km, deadline=started + policy.notebook_timeout,
             max_output_bytes=policy.max_output_kb * 1024, kernel_log=str(log))
    except Exception as exc:
        report.stopped = report.stopped or f"execution failed: {type(exc).__name__}: {str(exc)[:200]}"
    report.seconds = time.monotonic() - started
    return report.nb if report.nb is not None else nb, report
