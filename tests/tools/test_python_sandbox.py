"""The Python sandbox tool: real bubblewrap containers, each escape attempted for real and shown to fail."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from labkit.errors import InvalidInputError, SandboxUnavailableError
from labkit.tools import python_sandbox
from labkit.tools.access import Risk, access_of
from labkit.tools.python_sandbox import REFUSALS, InputRefusedError, PythonSandbox, SandboxResult, vet_input

REPO = Path(__file__).resolve().parents[2]
needs_bwrap = pytest.mark.skipif(not python_sandbox.bwrap_path(),
                                 reason="bubblewrap (bwrap) is not installed: apt-get install bubblewrap "
                                        "(or make system-deps)")


@pytest.fixture
def sales(tmp_path):
    path = tmp_path / "sales.csv"
    path.write_text("region,amount\nnorth,10\nsouth,30\nnorth,50\n")
    return path


# -- without bubblewrap: refused, never run -------------------------------------------------------------------------
def test_without_bwrap_the_code_is_refused_and_nothing_runs(monkeypatch, sales):
    monkeypatch.setattr(python_sandbox.shutil, "which", lambda name: None)

    def no_process(*args, **kwargs):
        raise AssertionError("a process was started without a sandbox")

    monkeypatch.setattr(python_sandbox.subprocess, "Popen", no_process)
    with pytest.raises(SandboxUnavailableError, match=r"apt-get install bubblewrap.*make system-deps"):
        PythonSandbox([sales]).run("print(1)")
    result = PythonSandbox([sales]).tools().call("run_python", {"code": "print(1)"})
    assert not result.ok and "bubblewrap" in result.error and "\n" not in result.error


def test_bad_inputs_are_refused(tmp_path, sales):
    link = tmp_path / "link.csv"
    link.symlink_to(sales)
    with pytest.raises(InvalidInputError, match="not a regular file"):
        PythonSandbox([link])
    with pytest.raises(InvalidInputError, match="not a regular file"):
        PythonSandbox([tmp_path])
    with pytest.raises(InvalidInputError, match="does not exist"):
        PythonSandbox([tmp_path / "missing.csv"])
    for name in ("../x.csv", ".hidden", "outputs", ""):
        with pytest.raises(InvalidInputError, match="plain file name"):
            PythonSandbox({name: sales})
    with pytest.raises(InvalidInputError, match="timeout"):
        PythonSandbox(timeout=0)
    with pytest.raises(InvalidInputError, match="non-empty"):
        PythonSandbox().run("   ")


def test_the_tool_is_declared_read_only_with_a_scope(sales):
    tool = PythonSandbox([sales]).tools().get("run_python")
    access = access_of(tool)
    assert access.risk is Risk.READ_ONLY and access.scopes == frozenset({"python:run"})
    assert "sales.csv" in tool.description and tool.parameters()["required"] == ["code"]


def test_to_text_shows_status_output_and_files():
    text = SandboxResult(False, "", "boom\n", returncode=1, files={"a.txt": b"hi", "p.png": b"\x89PNG\xff"},
                         truncated=True).to_text()
    assert text.splitlines()[0] == "status: failed (exit code 1)"
    assert "file outputs/a.txt:\nhi" in text and "p.png: 5 bytes of binary data" in text and "cut" in text
    assert SandboxResult(False, "", "", timed_out=True).to_text() == "status: timed out (stopped)"


def test_to_text_writes_the_hidden_host_folders_as_python():
    result = SandboxResult(False, "numpy from /home/ana/.venv/lib/numpy/__init__.py\n",
                           "  File \"/opt/py/lib/json/decoder.py\", line 3\nOSError: '/home/ana/.venv/lib/x.npy'\n",
                           returncode=1, files={"log.txt": b"/home/ana/.venv/bin/python"})
    text = result.to_text(hide=[Path("/home/ana/.venv"), "/opt/py", "/", ""])
    assert "/home/ana" not in text and "/opt/py" not in text
    assert "numpy from <python>/lib/numpy/__init__.py" in text and "OSError: '<python>/lib/x.npy'" in text
    assert "<python>/bin/python" in text and "<python>/lib/json/decoder.py" in text
    assert result.to_text() == result.to_text(hide=())  # nothing hidden unless asked


# -- vetting the files a model asks to load ---------------------------------------------------------------------------
@pytest.fixture
def workspace(tmp_path):
    (tmp_path / "secrets.env").write_text("API_KEY=sk-live\n")
    root = tmp_path / "workspace"
    (root / "reports").mkdir(parents=True)
    (root / "sales.csv").write_text("region,total\nnorth,120\n")  # 23 bytes
    (root / "reports" / "q1.csv").write_text("month,total\njan,40\n")
    (root / ".env").write_text("DB_PASSWORD=x\n")
    (root / "latest.csv").symlink_to("../secrets.env")
    (root / "up").symlink_to("..")
    os.mkfifo(root / "feed.csv")
    return root


def reason(root, request, max_bytes=1000):
    with pytest.raises(InputRefusedError) as caught:
        vet_input(root, request, max_bytes=max_bytes)
    assert caught.value.reason in REFUSALS and "\n" not in str(caught.value)
    return caught.value.reason


def test_vet_input_accepts_plain_files_under_their_own_name(workspace):
    accepted = vet_input(workspace, "reports/q1.csv", max_bytes=1000)
    assert (accepted.name, accepted.size, accepted.path) == ("q1.csv", 19, workspace / "reports" / "q1.csv")
    assert vet_input(str(workspace), "./sales.csv", max_bytes=23).size == 23  # exactly the cap is allowed


def test_vet_input_refuses_with_the_first_reason_that_applies(workspace):
    assert reason(workspace, "../secrets.env") == "outside"
    assert reason(workspace, "reports/../sales.csv") == "outside"  # never climbs, even back in
    assert reason(workspace, "/etc/passwd") == "outside"
    assert reason(workspace, "") == "outside" and reason(workspace, ".") == "outside"
    assert reason(workspace, None) == "outside"
    assert reason(workspace, ".env") == "hidden" and reason(workspace, ".git/config") == "hidden"
    assert reason(workspace, "nope.csv") == "missing" and reason(workspace, "sales.csv/x") == "missing"
    assert reason(workspace, "latest.csv") == "symlink"
    assert reason(workspace, "reports") == "not a file" and reason(workspace, "feed.csv") == "not a file"
    assert reason(workspace, "sales.csv", max_bytes=22) == "too large"


def test_a_linked_folder_on_the_way_is_refused_though_the_file_behind_it_is_regular(workspace):
    assert (workspace / "up" / "secrets.env").lstat().st_size > 0  # lstat of the last part alone would accept it
    assert reason(workspace, "up/secrets.env") == "symlink"
    assert reason(workspace, "up/nothing.csv") == "symlink"


def test_vet_input_bad_arguments_are_one_line_errors(workspace, tmp_path):
    for bad in (-1, 1.5, True):
        with pytest.raises(InvalidInputError, match="max_bytes"):
            vet_input(workspace, "sales.csv", max_bytes=bad)
    with pytest.raises(InvalidInputError, match="not a folder"):
        vet_input(workspace / "sales.csv", "x.csv", max_bytes=10)
    accepted = vet_input(workspace, "sales.csv", max_bytes=100)
    assert PythonSandbox({accepted.name: accepted.path}).files == {"sales.csv": accepted.path}


# -- in the sandbox ---------------------------------------------------------------------------------------------------
@needs_bwrap
def test_the_tool_reply_names_no_host_folder_of_the_interpreter():
    code = "import json, os, sys\nprint(os.__file__)\nopen(os.path.join(sys.prefix, 'cache.txt'), 'w')"
    sandbox = PythonSandbox()
    raw = sandbox.run(code)
    folders = [str(p) for p in python_sandbox.interpreter_paths()]
    if not folders:
        pytest.skip("the interpreter lives under /usr, which the reply shows as it is")
    assert not raw.ok and any(folder in raw.stdout + raw.stderr for folder in folders)  # the traceback names them
    reply = sandbox.tools().call("run_python", {"code": code}).content
    assert not any(folder in reply for folder in folders), reply
    assert "<python>/" in reply and reply.rstrip().splitlines()[-1].startswith("OSError: [Errno 30]")


@needs_bwrap
def test_pandas_computes_a_mean_of_a_csv_column_inside(sales):
    pytest.importorskip("pandas")
    sandbox = PythonSandbox([sales])
    result = sandbox.run("import pandas as pd\n"
                         "df = pd.read_csv('sales.csv')\n"
                         "print(df['amount'].mean())\n"
                         "df.groupby('region')['amount'].sum().to_csv('outputs/by_region.csv')\n")
    assert result.ok, result.stderr
    assert result.stdout == "30.0\n"
    assert result.files == {"by_region.csv": b"region,amount\nnorth,60\nsouth,30\n"}
    through_tool = sandbox.tools().call("run_python", {"code": "import pandas as pd\n"
                                                               "print(pd.read_csv('sales.csv').amount.max())"})
    assert through_tool.content == "status: ok\nstdout:\n50"


@needs_bwrap
def test_the_network_is_unreachable_even_a_port_open_on_the_host():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        server.settimeout(0.5)
        port = server.getsockname()[1]
        code = ("import socket\n"
                "for host in ('127.0.0.1', '1.1.1.1'):\n"
                "    try:\n"
                f"        socket.create_connection((host, {port} if host == '127.0.0.1' else 80), timeout=3)\n"
                "        print(host, 'connected')\n"
                "    except OSError as exc:\n"
                "        print(host, 'refused', type(exc).__name__)\n")
        result = PythonSandbox(timeout=30).run(code)
        with pytest.raises(TimeoutError):
            server.accept()  # nothing reached the host's listener
    assert result.ok, result.stderr
    assert "connected" not in result.stdout
    assert result.stdout.count("refused") == 2


@needs_bwrap
def test_host_files_outside_the_work_folder_cannot_be_read(sales):
    readme = REPO / "README.md"
    assert readme.is_file()
    code = ("import os\n"
            f"for path in ({str(readme)!r}, {str(sales)!r}, '/etc/passwd', '/root', '/home'):\n"
            "    try:\n"
            "        open(path).read()\n"
            "        print(path, 'LEAKED')\n"
            "    except OSError as exc:\n"
            "        print(path, type(exc).__name__)\n"
            "print(sorted(os.listdir('.')))\n")
    result = PythonSandbox({"data.csv": sales}).run(code)
    assert result.ok, result.stderr
    assert "LEAKED" not in result.stdout and "FileNotFoundError" in result.stdout.splitlines()[0]
    assert result.stdout.splitlines()[-1] == "['data.csv', 'outputs']"  # only the copied input, under its given name


@needs_bwrap
def test_nothing_can_be_written_outside_outputs(tmp_path, sales):
    escape = tmp_path / "escape.txt"
    code = ("results = []\n"
            f"for path in ('new.txt', 'sales.csv', '/usr/evil.txt', {str(escape)!r}, {str(sales)!r}):\n"
            "    try:\n"
            "        with open(path, 'w') as f:\n"
            "            f.write('x')\n"
            "        print(path, 'WROTE')\n"
            "    except OSError as exc:\n"
            "        print(path, type(exc).__name__)\n"
            "open('outputs/report.txt', 'w').write('fine')\n")
    result = PythonSandbox([sales]).run(code)
    assert result.ok, result.stderr
    wrote = [line for line in result.stdout.splitlines() if line.endswith("WROTE")]
    # the private /tmp is writable but is not the host's: the host path stays untouched
    assert wrote in ([], [f"{escape} WROTE"])
    assert not escape.exists()
    assert sales.read_text().startswith("region,amount")
    assert result.files == {"report.txt": b"fine"}


@needs_bwrap
def test_an_endless_loop_is_stopped_by_the_timeout():
    start = time.monotonic()
    result = PythonSandbox(timeout=2).run("import subprocess, sys\n"
                                          "subprocess.Popen([sys.executable, '-c', 'while True: pass'])\n"
                                          "print('looping', flush=True)\n"
                                          "while True:\n    pass\n")
    assert time.monotonic() - start < 15
    assert result.timed_out and not result.ok and result.returncode is None
    assert result.stdout == "looping\n"


@needs_bwrap
def test_a_memory_hog_is_stopped():
    result = PythonSandbox(memory_mb=512, timeout=60).run("chunks = []\n"
                                                         "while True:\n"
                                                         "    chunks.append(bytearray(50 * 2**20))\n")
    assert not result.ok and not result.timed_out
    assert "MemoryError" in result.stderr


@needs_bwrap
def test_output_is_capped():
    result = PythonSandbox(max_output=10_000, max_file_bytes=1000, max_files=3).run(
        "import sys\n"
        "print('x' * 1_000_000)\n"
        "sys.stderr.write('e' * 50_000)\n"
        "for i in range(5):\n"
        "    open(f'outputs/f{i}.txt', 'w').write('y' * 5000)\n")
    assert result.ok, result.stderr[:200]
    assert len(result.stdout) == 10_000 and len(result.stderr) == 10_000 and result.truncated
    assert len(result.files) == 3 and all(len(data) == 1000 for data in result.files.values())


@needs_bwrap
def test_the_callers_environment_does_not_reach_the_snippet(monkeypatch):
    monkeypatch.setenv("LABKIT_TEST_SECRET_TOKEN", "s3cret")
    result = PythonSandbox().run("import os\nprint(sorted(os.environ))\nprint(os.getuid())")
    assert result.ok, result.stderr
    assert "LABKIT_TEST_SECRET_TOKEN" not in result.stdout and "s3cret" not in result.stdout
    assert result.stdout.splitlines()[-1] == str(python_sandbox.SANDBOX_UID)


@needs_bwrap
def test_a_sandbox_that_cannot_start_is_a_refusal(monkeypatch):
    real = PythonSandbox.command

    def broken(self, inputs, outputs):
        args = real(self, inputs, outputs)
        return [args[0], "--no-such-option"] + args[1:]

    monkeypatch.setattr(PythonSandbox, "command", broken)
    with pytest.raises(SandboxUnavailableError, match="could not start the sandbox"):
        PythonSandbox().run("print(1)")


@needs_bwrap
def test_the_private_tmp_is_size_limited():
    if not python_sandbox._takes_size(python_sandbox.bwrap_path()):
        pytest.skip("this bubblewrap cannot size a tmpfs (--size needs bubblewrap 0.7 or later)")
    code = ("import errno\n"
            "written = 0\n"
            "try:\n"
            "    with open('/tmp/fill', 'wb') as f:\n"
            "        while written < 2 * 256 * 2**20:\n"
            "            f.write(b'0' * 2**20)\n"
            "            written += 2**20\n"
            "except OSError as exc:\n"
            "    print(errno.errorcode[exc.errno], written // 2**20)\n")
    result = PythonSandbox(max_file_bytes=2**30).run(code)
    assert result.ok, result.stderr
    code_name, megabytes = result.stdout.split()
    assert code_name == "ENOSPC" and int(megabytes) <= python_sandbox.TMP_BYTES // 2**20


@needs_bwrap
def test_an_interpreter_under_tmp_stays_visible(tmp_path):
    """A fresh clone in /tmp has its virtual environment there: the private /tmp must not hide it."""
    import subprocess
    import sys

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    result = PythonSandbox(python=str(venv / "bin" / "python")).run("import sys\nprint(sys.prefix)")
    assert result.ok, result.stderr
    assert result.stdout.strip() == str(venv)
