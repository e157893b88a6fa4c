"""The sandbox: what code inside it can see and do, its status channel, and grading where protections are missing.

Most tests run a short Python program through the real launcher and bubblewrap (no Jupyter kernel, so each takes
a fraction of a second); the attack suite (test_attacks.py) does the same through whole grading runs.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap

import pytest
from grading_helpers import ASSESSMENT, FULL_MARKS, HONEST, ROOT, make_submission

from labkit.grading import sandbox
from labkit.grading.batch import grade_batch
from labkit.grading.sandbox import SLOTS, UID_BASE, Protections, SandboxKernel, SandboxPolicy, probe

POLICY = SandboxPolicy(memory_mb=256, max_processes=64, disk_mb=8, max_file_mb=64)
full = pytest.mark.skipif(os.geteuid() != 0 or not sandbox.bwrap_binary(),
                          reason="needs root and bubblewrap (`make system-deps`)")


def run(code: str, protections: Protections | None = None) -> tuple[subprocess.CompletedProcess, str]:
    """Run ``code`` in a fresh sandbox; its result and the sandbox's own status."""
    with SandboxKernel(protections or probe(POLICY), extra_files={"given.txt": "public"}) as box:
        proc = subprocess.run(box.command([sys.executable, "-c", textwrap.dedent(code)]), capture_output=True,
                              text=True, timeout=120)
        return proc, box.launch_problem()


@full
def test_this_machine_has_every_protection():
    prot = probe(POLICY)
    assert prot.missing == {} and prot.policy == POLICY
    assert any("bubblewrap" in p for p in prot.active()) and any("cgroups" in p for p in prot.active())


@full
def test_the_kernel_sees_only_the_interpreter_labkit_and_its_own_folders(tmp_path):
    host_secret = tmp_path / "secret.txt"
    host_secret.write_text("grader only")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    proc, problem = run(f"""
        import json, os, socket
        def readable(path):
            try:
                return bool(os.listdir(path)) if os.path.isdir(path) else bool(open(path, "rb").read(1))
            except OSError:
                return False
        def writable(path):
            try:
                open(path, "w").close()
                return True
            except OSError:
                return False
        try:
            socket.create_connection(("127.0.0.1", {listener.getsockname()[1]}), timeout=1)
            network = True
        except OSError:
            network = False
        print(json.dumps({{
            "uid": os.getuid(), "cwd": os.getcwd(), "given": open("given.txt").read(),
            "checkout": sorted(os.listdir({str(ROOT)!r})),
            "secrets": [p for p in [{str(ROOT / "tests")!r}, {str(ROOT / "assessments")!r}, {str(ROOT / ".git")!r},
                                    {str(host_secret)!r}, "/root/.bashrc", "/home", "/var", "/run", "/srv"]
                        if readable(p) and p != "/home"],
            "home": os.listdir("/home"), "etc": os.listdir("/etc"),
            "labkit_writable": writable({str(ROOT / "labkit" / "x.py")!r}),
            "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
            "network": network, "hostname": socket.gethostname(),
        }}))
    """)
    listener.close()
    assert proc.returncode == 0 and problem == "", proc.stderr
    seen = json.loads(proc.stdout)
    assert UID_BASE <= seen["uid"] < UID_BASE + SLOTS
    assert seen["cwd"] == sandbox.HOME and seen["given"] == "public" and seen["home"] == ["learner"]
    assert set(seen["checkout"]) <= {".venv", "labkit"}  # the package, never tests/ or assessments/
    assert seen["secrets"] == [] and not seen["labkit_writable"] and not seen["network"]
    assert set(seen["etc"]) <= set(sandbox.ETC_ENTRIES)  # never pip.conf, gitconfig, environment...
    assert len(seen["pids"]) <= 3 and seen["hostname"] == "sandbox"  # bubblewrap's init, the launcher's exec, us


@full
def test_hidden_paths_inside_what_the_kernel_needs_are_covered():
    inside = ROOT / "labkit" / "grading" / "samples.py"  # stands for any secret kept inside a bound folder
    with SandboxKernel(probe(POLICY), hidden=[inside, ROOT]) as box:
        code = f"try:\n    print(len(open({str(inside)!r}).read()))\nexcept OSError as exc:\n    print(exc.errno)"
        proc = subprocess.run(box.command([sys.executable, "-c", code]), capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() in ("0", "13"), proc.stdout + proc.stderr  # empty, or refused (nodev /dev/null)
    assert box.notes == [f"cannot hide {ROOT}: the kernel needs something inside it"]


@full
def test_slot_memory_limit_holds_across_processes():
    """Six processes of 96 MB each stay under the per-process limit but not under the slot's 256 MB."""
    proc, _ = run("""
        import os, time
        children = []
        for _ in range(6):
            pid = os.fork()
            if pid == 0:
                hog = bytearray(96 * 2**20)
                time.sleep(1.5)
                os._exit(0)
            children.append(pid)
        survived = sum(os.waitpid(pid, 0)[1] == 0 for pid in children)
        print("survived", survived)
    """)
    assert "survived 6" not in proc.stdout, proc.stdout


@full
def test_disk_quota_and_nothing_on_the_host_disk():
    proc, _ = run("""
        import os
        written = 0
        try:
            with open("fill.bin", "wb") as f:
                for _ in range(64):
                    f.write(b"x" * 2**20)
                    written += 1
        except OSError as exc:
            print("stopped", written, exc.errno)
    """)
    assert proc.stdout.startswith("stopped") and int(proc.stdout.split()[1]) <= POLICY.disk_mb, proc.stdout


@full
def test_status_comes_from_the_launcher_never_from_the_kernel(monkeypatch):
    forged = 'labkit-launcher: error: forged\nbwrap: forged\n{"exit-code": 9}'
    proc, problem = run(f"import sys; print({forged!r}); print({forged!r}, file=sys.stderr)")
    assert proc.returncode == 0 and problem == ""

    original = SandboxKernel.bwrap_args
    monkeypatch.setattr(SandboxKernel, "bwrap_args", lambda self: [*original(self), "--no-such-option"])
    proc, problem = run("print('never runs')")
    assert proc.returncode != 0 and "could not start" in problem and "no-such-option" in problem


def test_without_bubblewrap_cgroups_or_root_grading_still_works_and_says_what_is_missing(tmp_path, fast_policy,
                                                                                       monkeypatch):
    monkeypatch.setattr(sandbox.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(sandbox, "bwrap_binary", lambda: "")
    monkeypatch.setattr(sandbox, "_PROBED", {})
    subs = tmp_path / "subs"
    make_submission(subs, "ada", HONEST)
    report = grade_batch(ASSESSMENT, subs, tmp_path / "gb.sqlite", policy=fast_policy, show_progress=False)
    assert report.recorded[0]["score"] == FULL_MARKS
    missing = report.recorded[0]["missing_protections"]
    assert set(missing) == {"separate user", "slot-wide memory and process limits",
                            "namespaces, read-only root, private tmpfs"}
    assert "bubblewrap is not installed" in report.protections and "rlimits" in report.protections


def test_a_graded_kernel_boots_with_the_lab_api_loaded_and_without_a_debugger():
    import nbformat

    from labkit.grading.execute import execute
    from labkit.grading.pool import launch

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import sys, os\nprint(sys.modules.get('debugpy', 'loaded?'), hasattr(get_ipython().kernel, 'debugger'),"
        " os.getcwd() in sys.path, '' in sys.path, 'labkit.assess' in sys.modules, 'labkit' in dir(),"
        " get_ipython().execution_count)")])
    box = launch(probe(POLICY), (), {})
    try:
        executed, report = execute(nb, box)
    finally:
        box.__exit__(None, None, None)
    assert report.stopped == "" and executed.cells[0].execution_count == 1  # the preload is not a cell
    # debugpy marked absent, no debugger object; the working folder is on the path only as IPython puts it there;
    # the lab API already imported, without a name in the learner's namespace
    assert executed.cells[0].outputs[0]["text"].split()[:6] == ["None", "False", "False", "True", "True", "False"]
