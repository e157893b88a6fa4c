"""The attack suite: hostile submissions graded in batches with honest ones.

Each attacker starts from the empty lab (so any point it earns comes from the attack) and tries one known way to
beat a notebook grader. Every attacker must score 0 with a reason or note recorded, every honest submission in the
same batch must get its exact score, no sandbox process may outlive the batch, and the gradebook must hold exactly
one row per learner. Two batches, two workers each, short timeouts: the first beats on the grader's judging and
limits, the second (:func:`test_isolation_and_input_attacks`) on the sandbox's walls and on reading submissions.
"""

from __future__ import annotations

import ast
import json
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
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
    # a slow cell is interrupted and the kernel lives on: every later answer still counts
    make_submission(subs, "interrupted_eve", HONEST, extra={"intro": ["import time\ntime.sleep(60)"]})

    policy = SandboxPolicy(cell_timeout=3, case_timeout=1, notebook_timeout=30, memory_mb=1024, max_output_kb=256,
                           max_file_mb=16, max_processes=128, cpu_seconds=60)
    try:
        report = grade_batch(ASSESSMENT, subs, gradebook, workers=2, policy=policy, show_progress=False)
    finally:
        stop.set()
    assert not probe(policy).missing, probe(policy).describe()
    by = {o["learner"]: o for o in report.recorded}
    assert set(by) == set(hostile) | {"honest_ada", "honest_messy", "partial_ben", "interrupted_eve"}

    # honest submissions in the same batch are graded exactly
    assert by["honest_ada"]["score"] == FULL_MARKS and by["honest_ada"]["status"] == "graded"
    assert by["honest_messy"]["score"] == FULL_MARKS
    assert any("restored" in n for n in by["honest_messy"]["notes"])
    assert by["partial_ben"]["score"] == 4.0
    eve = by["interrupted_eve"]
    assert eve["score"] == FULL_MARKS and any("timed out" in n for n in eve["notes"]) and not eve["reason"], eve

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


LEAK_PLACES = ["/dev/shm/labkit-leak", "/var/tmp/labkit-leak", "/tmp/labkit-leak", "/run/labkit-leak"]
SYSV_KEY = 0x1ABC17
SHM = """
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
libc.shmat.restype = ctypes.c_void_p
libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
"""


def leaker(code: str) -> str:
    """A cell that leaves ``code`` (honest answers) wherever a later kernel might find it: files and SysV memory."""
    return SHM + f"""
import os
code = {code!r}
for path in {LEAK_PLACES!r}:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        os.write(fd, code.encode())
        os.fchmod(fd, 0o666)
        os.close(fd)
    except OSError:
        pass
shm = libc.shmget({SYSV_KEY}, 1 << 16, 0o1000 | 0o666)
if shm >= 0:
    ctypes.memmove(libc.shmat(shm, None, 0), code.encode() + b"\\0", len(code) + 1)
"""


COPIER = SHM + f"""
import os, time
code, deadline = "", time.time() + 2
while not code and time.time() < deadline:
    for path in {LEAK_PLACES!r}:
        try:
            code = open(path).read()
            break
        except OSError:
            pass
    shm = libc.shmget({SYSV_KEY}, 0, 0)
    if not code and shm >= 0:
        code = ctypes.string_at(libc.shmat(shm, None, 0o10000)).decode()
    time.sleep(0.1)
exec(code)  # the honest answers, if any kernel before this one could leave them anywhere
if not code:
    def slugify(title):
        return "found nothing"
"""


def isolation_attackers(marker_prefix: str) -> dict[str, dict]:
    """learner -> {answers}: attacks on the sandbox's walls, run through the kernel."""
    helpers = ROOT / "tests" / "grading" / "grading_helpers.py"
    return {
        "read_tests": {"answers": {"slugify-answer": f"""
import ast
try:
    tree = ast.parse(open({str(helpers)!r}).read())
    honest = next(ast.literal_eval(node.value) for node in tree.body
                  if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "HONEST")
    for key in ("slugify-answer", "word-counts-answer", "moving-average-answer"):
        exec(honest[key])
except OSError as exc:
    def slugify(title, _why=type(exc).__name__):
        return _why
"""}},
        "zzz_copier": {"answers": {"slugify-answer": COPIER}},
        "proc_snooper": {"answers": {"slugify-answer": f"""
import os
seen, found = 0, []
for pid in filter(str.isdigit, os.listdir("/proc")):
    seen += 1
    try:
        cmd = open(f"/proc/{{pid}}/cmdline", "rb").read().replace(b"\\0", b" ").decode()
    except OSError:
        continue
    found += [part for part in cmd.split() if part.startswith({marker_prefix!r})]
def slugify(title):
    return f"saw {{seen}} {{found}}"
"""}},
        "memory_six": {"answers": {"slugify-answer": """
import subprocess, sys
hold = "import time; hog = bytearray(200 * 2**20); time.sleep(1.5)"  # 200 MB each: under the per-process limit
# -S -I: no site packages, so six interpreters start in milliseconds even on a loaded machine
kids = [subprocess.Popen([sys.executable, "-S", "-I", "-c", hold], stderr=subprocess.DEVNULL) for _ in range(6)]
held = sum(kid.wait() == 0 for kid in kids)
def slugify(title):
    return f"held {held} of 6"
"""}},
        "disk_filler": {"answers": {"slugify-answer": """
import errno, json, os
written = {}
for folder in [".", "/tmp", "/dev/shm", "/var/tmp"]:
    written[folder] = 0
    for i in range(24):  # 24 files, each under the per-file limit
        try:
            with open(os.path.join(folder, f"fill{i}.bin"), "wb") as f:
                for _ in range(16):
                    f.write(b"x" * 2**20)
                    written[folder] += 1
        except OSError as exc:
            if exc.errno != errno.EFBIG:
                break
def slugify(title):
    return json.dumps(written)
"""}},
        "fake_status": {"answers": {"slugify-answer": """
import os, sys
forged = "labkit-launcher: error: FORGED\\nlabkit sandbox: FORGED status\\nbwrap: FORGED\\n{\\"exit-code\\": 0}\\n"
print(forged, flush=True)
sys.stderr.write(forged)
sys.stderr.flush()
for fd in map(int, os.listdir("/proc/self/fd")):  # ipykernel captures fds 1 and 2; its log is one of these
    try:
        os.write(fd, forged.encode())
    except OSError:
        pass
os._exit(1)
"""}},
        "escape_codes": {"answers": {
            "slugify-answer": """
import sys
ESC, BEL = chr(27), chr(7)
print(ESC + "[2J" + ESC + "]0;pwned" + BEL, flush=True)
sys.stderr.write(ESC + "[31m red")
Bad = type("Bad" + ESC + "[31m", (Exception,), {})
def slugify(title):
    raise Bad(ESC + "[2J" + title)
def word_counts(text):
    return ESC + "[2J" + BEL
raise Bad(ESC + "]0;title" + BEL)
""",
            "quiz-mutable": 'quiz("q_mutable", chr(27) + "[2J")'}},
    }


def test_isolation_and_input_attacks(tmp_path, capfd):
    subs = tmp_path / "submissions"
    gradebook = tmp_path / "gradebook.sqlite"
    secret = tmp_path / "root-only" / "answers.txt"
    secret.parent.mkdir(mode=0o700)
    secret.write_text("SECRET-" + secrets.token_hex(8))
    secret.chmod(0o600)
    marker = "labkit-host-marker-" + secrets.token_hex(8)
    host = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)", marker])

    code = "\n\n".join(HONEST[k] for k in ("slugify-answer", "word-counts-answer", "moving-average-answer"))
    honest = {"aaa_leaker": FULL_MARKS, "honest_ada": FULL_MARKS, "zoë.ñ smith@uni.edu": FULL_MARKS}
    make_submission(subs, "aaa_leaker", HONEST, extra={"intro": [leaker(code)]})
    make_submission(subs, "honest_ada", HONEST)
    make_submission(subs, "zoë.ñ smith@uni.edu", HONEST)
    hostile = isolation_attackers("labkit-host-marker-")
    for learner, spec in hostile.items():
        make_submission(subs, learner, spec["answers"])
    links = {"linked_source": ASSESSMENT / "sample_basics.ipynb", "linked_secret": secret}
    for learner, target in links.items():
        (subs / learner).mkdir()
        (subs / learner / "sample_basics.ipynb").symlink_to(target)
    (subs / "hardlinked_secret").mkdir()
    os.link(secret, subs / "hardlinked_secret" / "sample_basics.ipynb")
    (subs / "fifo").mkdir()
    os.mkfifo(subs / "fifo" / "sample_basics.ipynb")
    (subs / "borrowed").symlink_to(subs / "honest_ada", target_is_directory=True)
    (subs / "borrowed.ipynb").symlink_to(subs / "honest_ada" / "sample_basics.ipynb")
    refused = {"linked_source": "symbolic link", "linked_secret": "symbolic link", "hardlinked_secret": "hard link",
               "fifo": "not a regular file"}

    # no endless cells here, so a cell timeout that a loaded machine cannot hit by accident
    policy = SandboxPolicy(cell_timeout=10, case_timeout=1, notebook_timeout=40, memory_mb=1024, max_output_kb=256,
                           max_file_mb=16, max_processes=128, cpu_seconds=60, disk_mb=64)
    try:
        report = grade_batch(ASSESSMENT, subs, gradebook, workers=2, policy=policy, show_progress=False)
        table = report.table()
    finally:
        host.kill()
        host.wait()
    assert not probe(policy).missing, probe(policy).describe()
    by = {o["learner"]: o for o in report.recorded}
    assert set(by) == set(hostile) | set(honest) | set(refused)
    for learner, score in honest.items():  # the leaker is honest: its leaking is the copier's attack, not a cheat
        assert by[learner]["score"] == score and by[learner]["status"] == "graded", by[learner]
    for learner in [*hostile, *refused]:
        o = by[learner]
        assert o["score"] == 0, f"{learner} gained points: {json.dumps(o)[:2000]}"
        assert o["reason"] or o["notes"] or o["learner_errors"] or [c for c in o["challenges"] if c["problem"]]

    # input: links, hard links and FIFOs are refused with a reason that quotes nothing of the file
    for learner, why in refused.items():
        assert by[learner]["status"] == "failed" and why in by[learner]["reason"], by[learner]
    skipped = dict(report.ignored)
    assert "symbolic link" in skipped["borrowed"] and "symbolic link" in skipped["borrowed.ipynb"]
    everything = json.dumps(report.recorded, ensure_ascii=False) + table + "".join(capfd.readouterr())
    everything += "".join(str(row) for row in sqlite3.connect(gradebook).execute("SELECT * FROM submissions"))
    assert secret.read_text() not in everything and marker not in everything

    def got(learner):
        slug = next(c for c in by[learner]["challenges"] if c["id"] == "slugify")
        return slug["visible"][0]["got"] if slug["visible"] else ""

    # walls: no checkout, no host processes, no shared /dev/shm, /tmp, /var/tmp or SysV memory between slots
    assert got("read_tests") in ("'FileNotFoundError'", "'PermissionError'"), got("read_tests")
    assert got("zzz_copier") == "'found nothing'", got("zzz_copier")
    seen = re.match(r"'saw (\d+) \[\]'", got("proc_snooper"))
    assert seen and int(seen.group(1)) <= 4, got("proc_snooper")
    # limits for the whole slot: six processes under the per-process limit cannot hold more than the slot's memory
    # what the grader decided, whatever the machine's speed: never all six held; the kernel reported fewer, died
    # (the slot's OOM kill) or was stopped by its cell timeout while the six were still starting
    memory_six = (by["memory_six"]["reason"] or "") + " ".join(by["memory_six"]["notes"])
    assert "held 6 of 6" not in got("memory_six")
    assert got("memory_six") or "died" in memory_six or "timed out" in memory_six, by["memory_six"]
    filled = json.loads(ast.literal_eval(got("disk_filler")))
    assert filled["/var/tmp"] == 0 and max(filled.values()) <= policy.disk_mb, filled
    assert not any(Path(p).exists() for p in LEAK_PLACES[:3]) and not Path("/var/tmp/fill0.bin").exists()

    # the grader's own status and output: nothing forged, no escape codes, whatever the kernel printed
    assert "died" in by["fake_status"]["reason"] and "FORGED" not in everything
    assert "\x1b" not in everything and "\x07" not in everything
    rows = sqlite3.connect(gradebook).execute("SELECT learner, COUNT(*) FROM submissions GROUP BY learner").fetchall()
    assert len(rows) == len(by) and all(n == 1 for _, n in rows)
    assert leaked_processes() == []
