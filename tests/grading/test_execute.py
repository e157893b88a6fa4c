"""Execution: every message type the kernel sends counts against the output cap, the grader's memory stays bounded
while a kernel floods display updates and widget comms, and a message the grader cannot decode stops the run with a
reason (never an "error" row)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from queue import Empty

import pytest

from grading_helpers import ASSESSMENT, FULL_MARKS, HONEST, ROOT, make_submission

from labkit.grading.execute import MESSAGE_OVERHEAD, GradingClient, RunReport, bounded_client_class, message_size

FLOOD = '''
import time
from IPython.display import display
from comm import create_comm
blob = "x" * 2**20
handle = display({"text/plain": "start"}, raw=True, display_id=True)
for _ in range(300):  # paced a little, so the kernel's own send queue does not kill it before the grader is hit
    handle.update({"text/plain": blob}, raw=True)
    time.sleep(0.01)
for _ in range(300):
    create_comm(target_name="jupyter.widget", data={"state": {"_model_module": "m", "_model_name": "n", "blob": blob},
                                                    "buffer_paths": []})
    time.sleep(0.01)
'''

# a message whose content the kernel's session packs as 100 000 nested brackets: decoding it in the grader
# overflows the parser's recursion limit; the run stops with a reason instead of an "error" row
DEEP_MESSAGE = '''
from IPython.display import display
session = get_ipython().kernel.session
pack = session.pack
def deep_pack(obj):
    if isinstance(obj, dict) and obj.get("data", {}).get("text/plain") == "deep":
        return ("[" * 100000 + "]" * 100000).encode()
    return pack(obj)
session.pack = deep_pack
display({"text/plain": "deep"}, raw=True)
session.pack = pack
'''

GRADE_AND_MEASURE = '''
import json, resource, sys
from labkit.grading.batch import grade_batch
from labkit.grading.sandbox import SandboxPolicy
policy = SandboxPolicy(cell_timeout=60, case_timeout=2, notebook_timeout=120, memory_mb=1536, max_output_kb=256,
                       max_notebook_mb=1, cpu_seconds=120)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
report = grade_batch(sys.argv[1], sys.argv[2], sys.argv[3], policy=policy, show_progress=False)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"before_mb": before / 1024, "after_mb": after / 1024,
                  "rows": {o["learner"]: [o["status"], o["score"], o["notes"]] for o in report.recorded}}))
'''


def test_message_size_counts_every_part():
    assert message_size({"content": {}}) == MESSAGE_OVERHEAD
    update = {"msg_type": "update_display_data", "content": {"data": {"text/plain": "y" * 1000}}}
    assert message_size(update) > 1000 + MESSAGE_OVERHEAD
    comm = {"content": {"data": {"state": {"k": ["z" * 500]}}}, "buffers": [b"\0" * 4096]}
    assert message_size(comm) > 4096 + 500
    nested: list = []
    for _ in range(5000):
        nested = [nested]
    assert message_size({"content": {"data": nested}}) > 5000  # no recursion: a stack walk


@pytest.fixture
def kernel():
    """A plain local kernel (as ``labkit check`` runs one) and a grader's client for it."""
    from jupyter_client import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = AsyncKernelManager(kernel_name="python3")
    km.client_factory = bounded_client_class()
    run_sync(km.start_kernel)()
    client = km.client()
    client.start_channels()
    yield km, client, run_sync
    client.stop_channels()
    run_sync(km.shutdown_kernel)(now=True)


def test_a_kernel_is_ready_when_it_answers_not_after_a_silence(kernel):
    """Readiness ends on the kernel's idle status for our kernel_info request, never on an IOPub read timing out
    (jupyter_client's own wait always ends that way: it waits for IOPub to stay silent for 0.2 s)."""
    km, client, run_sync = kernel
    seen = []
    receive = client.iopub_channel.get_msg

    async def recording(*args, **kwargs):
        try:
            msg = await receive(*args, **kwargs)
        except Empty:
            seen.append("timeout")
            raise
        seen.append(f"{msg['msg_type']}:{msg['content'].get('execution_state', '')}")
        return msg

    client.iopub_channel.get_msg = recording
    for _ in range(2):  # a fresh kernel, then one whose channels are connected
        seen.clear()
        run_sync(client.wait_for_ready)(timeout=60)
        assert seen[-1] == "status:idle"
    reply = run_sync(client.execute_interactive)("print(6 * 7)", timeout=60, output_hook=lambda msg: None)
    assert reply["content"]["status"] == "ok"  # nothing the wait left behind is in the way of the next cell


def test_waiting_for_a_dead_kernel_says_so(kernel):
    km, client, run_sync = kernel
    run_sync(client.wait_for_ready)(timeout=60)
    run_sync(km.signal_kernel)(signal.SIGKILL)
    with pytest.raises(RuntimeError, match="died"):
        run_sync(client.wait_for_ready)(timeout=60)


class _Notebook(dict):
    def __init__(self, cell_id):
        super().__init__(cells=[{"id": cell_id}])
        self.cells = self["cells"]


def _client(cell_id="learner-1", cap=2000):
    client = GradingClient.__new__(GradingClient)  # only the counting state: no kernel, no papermill manager
    client.report, client.max_output_bytes, client.learner_bytes, client.harness_bytes = RunReport(), cap, 0, 0
    client.nb = _Notebook(cell_id)
    return client


def test_every_message_type_is_capped_and_the_harness_has_its_own_budget(monkeypatch):
    passed = []
    monkeypatch.setattr("papermill.clientwrap.PapermillNotebookClient.process_message",
                        lambda self, msg, cell, index: passed.append(msg["msg_type"]))
    client = _client()
    kinds = ["stream", "display_data", "update_display_data", "execute_result", "error", "comm_open", "comm_msg"]
    for kind in kinds:  # each well under the cap: all pass
        client.process_message({"msg_type": kind, "content": {"text": "a" * 10}}, None, 0)
    assert passed == kinds and not client.report.truncated
    for kind in kinds:  # now flood: nothing more gets through, whatever the type
        client.process_message({"msg_type": kind, "content": {"data": {"text/plain": "b" * 5000}}}, None, 0)
    for _ in range(100):
        client.process_message({"msg_type": "update_display_data", "content": {}}, None, 0)
    assert passed == kinds and client.report.truncated
    client.process_message({"msg_type": "status", "content": {"execution_state": "idle"}}, None, 0)
    assert passed[-1] == "status"  # bookkeeping always passes: the cell must still finish
    harness = _client("labkit-harness-visible-0")
    harness.learner_bytes = 10**9
    harness.process_message({"msg_type": "stream", "content": {"text": "result"}}, None, 0)
    assert passed[-1] == "stream" and not harness.report.truncated


def test_a_flooding_kernel_leaves_grader_memory_bounded(tmp_path):
    """300 MB of display updates and 300 MB of widget state from one kernel: the grader's own peak memory grows by far
    less (uncapped, nbclient kept the widget state: +320 to +470 MB measured), and the honest learner
    beside it in the batch still gets full marks."""
    subs = tmp_path / "subs"
    make_submission(subs, "ada", HONEST)
    make_submission(subs, "flood", {}, extra={"slugify-answer": [FLOOD]})
    make_submission(subs, "deep_message", {}, extra={"slugify-answer": [DEEP_MESSAGE]})
    proc = subprocess.run([sys.executable, "-c", GRADE_AND_MEASURE, str(ASSESSMENT), str(subs), str(tmp_path / "gb")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    rows = result["rows"]
    assert rows["ada"][:2] == ["graded", FULL_MARKS]
    assert rows["flood"][:2] == ["graded", 0.0] and any("discarded" in note for note in rows["flood"][2])
    assert rows["deep_message"][:2] == ["graded", 0.0] and rows["deep_message"][2], rows["deep_message"]
    assert result["after_mb"] - result["before_mb"] < 120, result
