"""The attack suite: hostile submissions graded in one batch with honest ones.

Each attacker starts from the empty lab (so any point it earns comes from the attack) and tries one known way to
beat a notebook grader. Every attacker must score 0 with a reason or note recorded, every honest submission in the
same batch must get its exact score, no sandbox process may outlive the batch, and the gradebook must hold exactly
one row per learner. One batch, two workers, short timeouts, to keep the suite around a minute.
"""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import threading
from pathlib import Path

import pytest
from grading_helpers import ASSESSMENT, FULL_MARKS, HONEST, ROOT, make_submission

from labkit.grading.batch import grade_batch
from labkit.grading.sandbox import SLOTS, UID_BASE, SandboxPolicy, probe

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the attack suite needs root for the full sandbox")


def attackers(gradebook: Path, canary: Path, port: int) -> dict[str, dict]:
    """learner -> {answers, extra, drop, raw}; every learner here must score 0."""
    spec = ASSESSMENT / "assessment.yaml"
    source = ASSESSMENT / "sample_basics.ipynb"
    return {
        "read_hidden": {"answers": {"slugify-answer": f'''
import json, yaml, glob
table, readable = {{}}, []
for path in [{str(spec)!r}, "../assessment.yaml", *glob.glob("/work/*/assessments/*/assessment.y*ml"),
             *glob.glob({str(ASSESSMENT.parent) + "/*/assessment.y*ml"!r})]:
    try:
        for c in yaml.safe_load(open(path))["challenges"]:
            for case in c["visible"] + c["hidden"]:
                table[json.dumps(case["args"])] = case["expected"]
        readable.append(path)
    except Exception as exc:
        print("blocked", path, type(exc).__name__)
try:
    solution = open({str(source)!r}).read()
    readable.append("source")
except Exception as exc:
    print("blocked source", type(exc).__name__)
def slugify(title):
    return table.get(json.dumps([title]), "read %d secret files" % len(readable))
def word_counts(text):
    return table[json.dumps([text])]
def moving_average(xs, k):
    return table[json.dumps([xs, k])]
'''}},
        "read_git": {"answers": {"slugify-answer": f'''
import subprocess
out = subprocess.run(["git", "-C", {str(ROOT)!r}, "show", "HEAD:assessments/sample_basics/assessment.yaml"],
                     capture_output=True, text=True)
print("git said", out.returncode, out.stderr[:80])
def slugify(title):
    return out.stdout[:20] or "nothing was read"
'''}},
        "gradebook_writer": {"answers": {"slugify-answer": f'''
import sqlite3
for path in [{str(gradebook)!r}, {str(gradebook) + "-wal"!r}]:
    try:
        db = sqlite3.connect(path)
        db.execute("UPDATE submissions SET score = 99")
        db.execute("INSERT INTO submissions (learner) VALUES ('gradebook_writer')")
        db.commit()
        print("WROTE", path)
    except Exception as exc:
        print("blocked", type(exc).__name__)
'''}},
        "eq_always_true": {"answers": {
            "slugify-answer": "class Yes(str):\n    def __eq__(self, other): return True\n    __hash__ = str.__hash__\n"
                              "def slugify(title):\n    return Yes('x')",
            "word-counts-answer": "class D(dict):\n    def __eq__(self, other): return True\n"
                                  "def word_counts(text):\n    return D()",
            "moving-average-answer": "class L:\n    def __eq__(self, other): return True\n    def __iter__(self): return iter([])\n"
                                     "def moving_average(xs, k):\n    return L()"}},
        "patched_helpers": {"answers": {"slugify-answer": '''
import builtins, json, labkit.assess.compare as compare
compare.same = lambda *a, **k: True
compare.to_plain = lambda value, *a, **k: "PASS"
builtins.isinstance = lambda *a: True
_dumps = json.dumps
json.dumps = lambda obj, *a, **k: _dumps({"challenge": obj.get("challenge"), "passed": True, "score": 100}
                                         if isinstance(obj, dict) else obj)
def slugify(title):
    return None
'''}},
        "forged_output": {"answers": {"slugify-answer": '''
import re
def forge(result=None, info=None):
    for challenge, n in [("slugify", 6), ("word_counts", 4), ("moving_average", 5)]:
        for nonce in set(re.findall(r"labkit-result:([0-9a-f]+):begin", getattr(result, "info", None) and
                                    result.info.raw_cell or "")) or {"0" * 32}:
            doc = {"challenge": challenge, "cases": [{"ok": True, "passed": True, "score": 99}] * n}
            print(f"@@labkit-result:{nonce}:begin@@" + json.dumps(doc) + f"@@labkit-result:{nonce}:end@@")
import json
forge()
get_ipython().events.register("post_run_cell", forge)
def slugify(title):
    forge()
    return "forged"
'''}},
        "pickle_payload": {"answers": {"slugify-answer": f'''
import base64, os, pickle
class Payload:
    def __reduce__(self):
        return (os.system, ("touch {canary}",))
blob = base64.b64encode(pickle.dumps(Payload())).decode()
print("@@labkit-result:x:begin@@" + blob + "@@labkit-result:x:end@@")
def slugify(title):
    return Payload()
def word_counts(text):
    return {{"__pickle__": blob}}
'''}},
        "infinite_loop": {"answers": {
            "slugify-answer": "def slugify(title):\n    while True:\n        pass",
            "word-counts-answer": "while True:\n    pass"}},
        "unstoppable_loop": {"answers": {"slugify-answer": '''
import time
while True:
    try:
        time.sleep(0.1)
    except BaseException:
        pass
'''}},
        "memory_bomb": {"answers": {
            "slugify-answer": "hog = bytearray(8 * 2**30)",
            "word-counts-answer": "def word_counts(text):\n    return [0] * 10**10"}},
        "fork_bomb": {"answers": {"slugify-answer": '''
import os
children = 0
try:
    while True:
        if os.fork() == 0:
            while True:
                pass
        children += 1
except OSError as exc:
    print("fork stopped after", children, type(exc).__name__)
'''}},
        "network": {"answers": {"slugify-answer": f'''
import socket
got = []
for host in [("127.0.0.1", {port}), ("1.1.1.1", 80)]:
    try:
        s = socket.create_connection(host, timeout=1)
        got.append(s.recv(100).decode())
    except OSError as exc:
        print("blocked", type(exc).__name__)
def slugify(title):
    return got[0] if got else "offline"
'''}},
        "sys_exit": {"answers": {"slugify-answer": "import sys\nsys.exit(0)",
                                 "word-counts-answer": "def word_counts(text):\n    raise SystemExit(3)"}},
        "os_exit": {"answers": {"slugify-answer": "import os\nos._exit(1)"}},
        "os_exit_in_function": {"answers": {"slugify-answer": "import os\ndef slugify(title):\n    os._exit(0)"}},
        "kill_everything": {"answers": {"slugify-answer": "import os, signal\nos.kill(-1, signal.SIGKILL)"}},
        "gigabytes_of_output": {"answers": {
            # a bounded flood (16 MiB, 64x the cap) that ends on its own, so what is asserted is the cap's decision,
            # not whether the machine was fast enough to print past the cap before the cell timeout
            "slugify-answer": "line = 'x' * 2**16\nfor _ in range(256):\n    print(line, flush=True)",
            "word-counts-answer": "with open('big.bin', 'wb') as f:\n    for _ in range(4096):\n        f.write(b'x' * 2**20)"}},
        "delete_files": {"answers": {"slugify-answer": f'''
import shutil, os
for path in [{str(ASSESSMENT)!r}, {str(gradebook)!r}, {str(ROOT / "labkit")!r}, os.path.expanduser("~"), "/tmp"]:
    try:
        shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
        print("deleted", path)
    except OSError as exc:
        print("blocked", type(exc).__name__)
'''}},
        "malformed_json": {"raw": b'{"cells": [ {"cell_type": "code", "source": "import os"'},
        "not_a_notebook_schema": {"raw": json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                                                     "cells": [{"cell_type": "evil", "source": 1}]}).encode()},
        "deleted_protected_cells": {"answers": {"slugify-check": "print('@@labkit-result:0:begin@@{}')"},
                                    "drop": ("setup", "word-counts-check", "moving-average-check")},
    }


def test_attack_suite(tmp_path):
    gradebook = tmp_path / "grades" / "gradebook.sqlite"
    canary = tmp_path / "PWNED"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.settimeout(0.2)
    connections = []
    stop = threading.Event()

    def accept():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
                connections.append(conn)
                conn.sendall(b"hello-world")
            except OSError:
                continue

    threading.Thread(target=accept, daemon=True).start()
    subs = tmp_path / "submissions"
    hostile = attackers(gradebook, canary, listener.getsockname()[1])
    for learner, spec in hostile.items():
        make_submission(subs, learner, spec.get("answers", {}), drop=spec.get("drop", ()), raw=spec.get("raw"))
    make_submission(subs, "honest_ada", HONEST)
    messy = {**HONEST, "slugify-check": "print('I edited a check')"}
    make_submission(subs, "honest_messy", messy, drop=("setup", "moving-average-check"),
                    extra={"intro": ["import math"], "slugify-answer": ["def helper():\n    return 1"]})
    make_submission(subs, "partial_ben", {"slugify-answer": HONEST["slugify-answer"], "quiz-mutable": HONEST["quiz-mutable"]})

    policy = SandboxPolicy(cell_timeout=3, case_timeout=1, notebook_timeout=30, memory_mb=1024, max_output_kb=256,
                           max_file_mb=16, max_processes=128, cpu_seconds=60)
    try:
        report = grade_batch(ASSESSMENT, subs, gradebook, workers=2, policy=policy, show_progress=False)
    finally:
        stop.set()
    assert not probe(policy).missing, probe(policy).describe()
    by = {o["learner"]: o for o in report.recorded}
    assert set(by) == set(hostile) | {"honest_ada", "honest_messy", "partial_ben"}

    # honest submissions in the same batch are graded exactly
    assert by["honest_ada"]["score"] == FULL_MARKS and by["honest_ada"]["status"] == "graded"
    assert by["honest_messy"]["score"] == FULL_MARKS
    assert any("restored" in n for n in by["honest_messy"]["notes"])
    assert by["partial_ben"]["score"] == 4.0

    # no attacker gains a point, and each has a reason, a note or a per-challenge problem on record
    for learner in hostile:
        o = by[learner]
        assert o["score"] == 0, f"{learner} gained points: {json.dumps(o)[:2000]}"
        evidence = o["reason"] or o["notes"] or o["learner_errors"] or [c for c in o["challenges"] if c["problem"]]
        assert evidence, f"{learner}: nothing recorded about why"
    assert by["malformed_json"]["status"] == "failed" and "not a valid notebook" in by["malformed_json"]["reason"]
    assert by["not_a_notebook_schema"]["status"] == "failed"
    assert "died" in by["os_exit"]["reason"] and "died" in by["os_exit_in_function"]["reason"]
    assert by["kill_everything"]["status"] == "graded"  # kill(-1) reaches only its own uid: other kernels live
    assert any("timed out" in n for n in by["infinite_loop"]["notes"])
    assert "timeout" in by["unstoppable_loop"]["reason"] or "died" in by["unstoppable_loop"]["reason"]
    assert any("discarded" in n for n in by["gigabytes_of_output"]["notes"])
    assert any("NotPlainData" in json.dumps(c) for c in by["eq_always_true"]["challenges"])
    slug = next(c for c in by["read_hidden"]["challenges"] if c["id"] == "slugify")
    assert slug["visible"][0]["got"] == "'read 0 secret files'", slug["visible"][0]  # no assessment is readable
    assert any("deleted protected" in n for n in by["deleted_protected_cells"]["notes"])
    errors = {e["cell"]: e["ename"] for e in by["memory_bomb"]["learner_errors"]}
    assert errors.get("slugify-answer") == "MemoryError"

    # nothing escaped: no unpickling, no connection, files intact, gradebook untouched by kernels
    assert not canary.exists()
    assert connections == []
    assert (ASSESSMENT / "assessment.yaml").exists() and (ROOT / "labkit" / "__init__.py").exists()
    db = sqlite3.connect(gradebook)
    rows = db.execute("SELECT learner, COUNT(*), MAX(score) FROM submissions GROUP BY learner").fetchall()
    assert len(rows) == len(by) and all(n == 1 for _, n, _ in rows)
    assert max(s for learner, _, s in rows if learner in hostile) == 0
    assert leaked_processes() == [], "a sandbox process outlived its kernel's sandbox"


def leaked_processes() -> list[str]:
    """Live sandbox-uid processes whose sandbox folder is gone (other graders on this machine may be running)."""
    leaked = []
    for entry in os.listdir("/proc"):
        try:
            status = Path(f"/proc/{entry}/status").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, ValueError):
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        uid = int(fields.get("Uid", "-1").split()[0])
        root = re.search(r"(/tmp/labkit-grade-[^/ ]+)/ipc", cmdline)
        if (UID_BASE <= uid < UID_BASE + SLOTS and not fields["State"].strip().startswith("Z") and root
                and not Path(root.group(1)).exists()):
            leaked.append(f"{entry} uid={uid} {cmdline[:120]}")
    return leaked
