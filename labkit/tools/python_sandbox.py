"""A Python tool for data analysis that runs each snippet in a bubblewrap sandbox: no network, no host files.

What it teaches: "let the model write pandas" means running code nobody reviewed, so the code must not be able to
do harm even when it tries. The tool never runs it in the caller's process, nor unsandboxed: each snippet gets a
fresh ``bwrap`` container (the sandbox Flatpak uses) that sees only

* ``/usr`` and the interpreter's own folders (its prefix, the virtual environment), **read-only**: pandas and numpy
  import, nothing can be changed, and nothing else of the host (the repository, ``/home``, ``/etc``) is there;
* a private work folder (``/sandbox``, a tmpfs made read-only after set-up) holding only the input files the caller
  passed, **copied in** (regular files only, never a symlink or a device), and one writable ``outputs/`` folder
  whose files are read back, each up to a size cap;
* a private ``/tmp``, ``/proc`` and ``/dev``, and new namespaces for everything (``--unshare-all``): no network
  interface but loopback, no other process, an unprivileged uid (65534) in a user namespace, no capabilities.

Three bounds keep a snippet from hurting the caller: a **wall-clock timeout** (the container is killed, and with
``--die-with-parent`` and its own PID namespace every process in it dies too), an **address-space limit**
(``RLIMIT_AS``, set before ``bwrap`` starts, so a memory hog gets ``MemoryError`` instead of the host's memory),
and **capped output** (stdout and stderr are read as they come and kept up to ``max_output`` bytes; the rest is
drained and dropped, so a print loop cannot fill the caller's memory). No file written can grow past ten times
``max_file_bytes`` (``RLIMIT_FSIZE``), and of ``outputs/`` at most ``max_files`` files are read back, each cut at
``max_file_bytes``.

Which files a model may have copied in is decided by :func:`vet_input`: a path inside a workspace, never through
a symbolic link (on any part of the way), a regular file under a size cap, never a hidden name.

Without ``bwrap`` the tool refuses with :class:`~labkit.errors.SandboxUnavailableError` naming how to install it;
there is no "unsafe" fallback, because one would be used.

>>> sandbox = PythonSandbox(timeout=30)  # doctest: +SKIP
>>> sandbox.run("print(sum(range(10)))").stdout  # doctest: +SKIP
'45\\n'

The tool is declared :attr:`~labkit.tools.access.Risk.READ_ONLY` with the scope ``python:run``: whatever the code
does stays inside a container that is thrown away, so a call changes nothing outside it; the scope lets a policy
keep code execution from roles that should not have it.

Left out: a seccomp filter (bubblewrap takes one, but writing a good one is its own lesson), a disk quota on
``outputs/`` beyond the per-file size and the number of files read back, a process-count limit (``RLIMIT_NPROC``
counts every process of the user on the host, so a useful value depends on the machine; the PID namespace and the
timeout bound a fork loop instead), CPU shares between concurrent snippets, and a kernel that keeps state between
calls (each snippet starts fresh; pass data through files).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import IO, Any

from labkit.errors import InvalidInputError, SandboxUnavailableError

WORKDIR = "/sandbox"
"""The snippet's working folder inside the container; ``outputs/`` is inside it."""

OUTPUTS = "outputs"
INSTALL_HINT = "install bubblewrap: `apt-get install bubblewrap` (or `make system-deps`)"
SANDBOX_UID = 65534
"""The uid the snippet runs as (``nobody``), in a user namespace of its own."""
# Top-level folders that merged-/usr systems make symlinks into /usr (the dynamic loader lives behind /lib64).
USR_LINKS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
ENVIRONMENT = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": WORKDIR, "LANG": "C.UTF-8", "TMPDIR": "/tmp",
               "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
               "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1"}
"""The whole environment of a snippet: nothing of the caller's (tokens, keys) goes in; one BLAS thread, because
each thread reserves address space that the memory limit counts."""


@dataclass(frozen=True)
class SandboxResult:
    """What one snippet did: ``ok`` when it exited 0 in time; captured (capped) stdout and stderr; the files it
    wrote under ``outputs/`` (name -> bytes, each capped); ``truncated`` when any of those was cut."""

    ok: bool
    stdout: str
    stderr: str
    timed_out: bool = False
    returncode: int | None = None
    files: dict[str, bytes] = field(default_factory=dict)
    truncated: bool = False

    def to_text(self, max_file_chars: int = 2000, hide: Iterable[str | Path] = ()) -> str:
        """The result as a model reads it: status, stdout, stderr, and the output files (text shown, binary sized).

        Each folder in ``hide`` (the interpreter's host folders, which tracebacks name) is written ``<python>``: the
        model needs the exception, not the host's user name or layout. Hygiene, not a wall: code that wants to can
        spell a path another way; the container is what keeps the host safe.
        """
        folders = sorted({str(folder) for folder in hide if str(folder) not in ("", "/")}, key=len, reverse=True)

        def shown(text: str) -> str:
            for folder in folders:
                text = text.replace(folder, "<python>")
            return text

        if self.timed_out:
            status = "timed out (stopped)"
        else:
            status = "ok" if self.ok else f"failed (exit code {self.returncode})"
        parts = [f"status: {status}"]
        if self.stdout:
            parts.append("stdout:\n" + shown(self.stdout.rstrip("\n")))
        if self.stderr:
            parts.append("stderr:\n" + shown(self.stderr.rstrip("\n")))
        for name, data in self.files.items():
            try:
                text = data.decode("utf-8")
                parts.append(f"file outputs/{name}:\n" + shown(text[:max_file_chars]))
            except UnicodeDecodeError:
                parts.append(f"file outputs/{name}: {len(data)} bytes of binary data")
        if self.truncated:
            parts.append("(some output was cut at the size limit)")
        return "\n".join(parts)


TMP_BYTES = 256 * 2**20
"""The size of the snippet's private ``/tmp`` (where bubblewrap can limit it)."""


@lru_cache(maxsize=4)
def _takes_size(bwrap: str) -> bool:
    """Whether this bubblewrap can size a tmpfs (``--size``, from 0.7); older ones get an unsized ``/tmp``."""
    try:
        return "--size" in subprocess.run([bwrap, "--help"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False


def bwrap_path() -> str:
    """The ``bwrap`` program on ``PATH``, or ``""`` when bubblewrap is not installed."""
    return shutil.which("bwrap") or ""


def outermost(paths: Iterable[Path]) -> list[Path]:
    """The paths not inside another one of them, sorted.

    >>> outermost([Path("/a/b"), Path("/a"), Path("/c")])
    [PosixPath('/a'), PosixPath('/c')]
    """
    found = set(paths)
    return sorted(p for p in found if not any(q in p.parents for q in found))


def interpreter_paths(executable: str | None = None) -> list[Path]:
    """The folders the interpreter needs besides ``/usr``: its prefix, its base prefix, its program's folder."""
    exe = Path(executable or sys.executable)
    paths = {Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve(), exe.resolve().parent,
             exe.absolute().parent.parent}
    return [p for p in outermost(paths) if p != Path("/") and not (Path("/usr") in p.parents or p == Path("/usr"))]


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not name or "/" in name or "\0" in name or name.startswith(".") \
            or name == OUTPUTS:
        raise InvalidInputError(f"Input file name {name!r} must be a plain file name (no '/', not starting with '.', "
                                f"not {OUTPUTS!r}).")
    return name


REFUSALS = ("outside", "hidden", "missing", "symlink", "not a file", "too large")
"""Why :func:`vet_input` refuses a requested file, checked in this order (the first that applies is given)."""


class InputRefusedError(InvalidInputError):
    """A file a model asked to load may not be copied into the sandbox; ``reason`` is one of :data:`REFUSALS`."""

    def __init__(self, request: object, reason: str, detail: str):
        super().__init__(f"Input {request!r} refused ({reason}): {detail}.")
        self.request, self.reason = request, reason


@dataclass(frozen=True)
class InputFile:
    """A host file that may be copied in: its name inside the sandbox, its host path and its size in bytes."""

    name: str
    path: Path
    size: int


def vet_input(root: str | Path, request: str, *, max_bytes: int) -> InputFile:
    """Decide whether the file a model asked for may be copied into the sandbox, or say why not.

    ``request`` is a path relative to the workspace ``root`` (``"reports/q1.csv"``); the file keeps its own name in
    the sandbox (``q1.csv``). Refused, with :class:`InputRefusedError` whose ``reason`` is the first that applies:
    ``outside`` (empty, absolute, or any ``..`` part: a request never climbs, even back in), ``hidden`` (a part
    starting with ``.``: ``.env``, ``.git/config``), ``missing``, ``symlink`` (*any* part, a folder on the way
    included: a link inside the workspace can point anywhere), ``not a file`` (a folder, a pipe, a device) and
    ``too large`` (over ``max_bytes``). The walk goes one part at a time from a folder descriptor without following
    links (``lstat`` of the last part alone would follow a linked folder on the way).

    The name ``outputs`` is the sandbox's own folder: :class:`PythonSandbox` refuses an input of that name.
    Left out: a file swapped for a link between this check and the copy (the copy in :class:`PythonSandbox`
    refuses a link again, but not a linked folder above it); vet and copy from one process you trust.

    >>> try:
    ...     vet_input(".", "../secrets.env", max_bytes=1000)
    ... except InputRefusedError as refusal:
    ...     print(refusal.reason, "|", refusal)
    outside | Input '../secrets.env' refused (outside): it must be a path inside the workspace, without '..'.
    """
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool) or max_bytes < 0:
        raise InvalidInputError(f"max_bytes must be a non-negative whole number, got {max_bytes!r}.")
    parts = PurePosixPath(request).parts if isinstance(request, str) and "\0" not in request else ()
    if not parts or request.startswith("/") or ".." in parts:
        raise InputRefusedError(request, "outside", "it must be a path inside the workspace, without '..'")
    if any(part.startswith(".") for part in parts):
        raise InputRefusedError(request, "hidden", "a name starting with '.' (such as .env) is never copied")
    try:
        folder = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        raise InvalidInputError(f"The workspace {str(root)!r} is not a folder.") from None
    try:
        for index, part in enumerate(parts):
            try:
                info = os.stat(part, dir_fd=folder, follow_symlinks=False)
            except (FileNotFoundError, NotADirectoryError):
                raise InputRefusedError(request, "missing", f"{'/'.join(parts[:index + 1])} does not exist") \
                    from None
            if stat.S_ISLNK(info.st_mode):
                raise InputRefusedError(request, "symlink", f"{'/'.join(parts[:index + 1])} is a symbolic link")
            if index < len(parts) - 1:
                if not stat.S_ISDIR(info.st_mode):
                    raise InputRefusedError(request, "missing", f"{'/'.join(parts[:index + 1])} is not a folder")
                inner = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder)
                os.close(folder)
                folder = inner
        if not stat.S_ISREG(info.st_mode):
            raise InputRefusedError(request, "not a file", "only regular files are copied (not a folder, pipe "
                                                           "or device)")
        if info.st_size > max_bytes:
            raise InputRefusedError(request, "too large", f"{info.st_size} bytes, over the {max_bytes}-byte cap")
    finally:
        os.close(folder)
    return InputFile(parts[-1], Path(root, *parts), info.st_size)


class _Capped:
    """Reads a pipe to its end in a thread, keeping the first ``cap`` bytes and dropping the rest."""

    def __init__(self, pipe: IO[bytes], cap: int):
        self.data = bytearray()
        self.cut = False
        self._pipe, self._cap = pipe, cap
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self) -> None:
        while chunk := self._pipe.read1(65536):
            room = self._cap - len(self.data)
            if len(chunk) > room:
                self.cut = True
            if room > 0:
                self.data += chunk[:room]

    def text(self) -> str:
        self.thread.join(timeout=5)
        return self.data.decode("utf-8", errors="replace")


def _stop(process: subprocess.Popen) -> None:
    """Kill a container: first bwrap's child (the PID namespace's first process, whose death kills every process
    in the namespace), so bwrap collects it and exits; then bwrap itself if it is still there."""
    try:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
    except OSError:
        children = []
    for child in children:
        try:
            os.kill(int(child), signal.SIGKILL)
        except OSError:
            pass
    try:
        process.wait(timeout=2)
    except subprocess.TimeoutExpired:
        process.kill()  # --die-with-parent takes everything inside with it
        process.wait()


class PythonSandbox:
    """Runs Python snippets over the caller's input files in a bubblewrap container, one fresh container per run.

    ``files`` maps a name inside the work folder to a host file (or is a list of host files, each keeping its own
    name); they are copied in at every run. ``timeout`` is wall-clock seconds, ``memory_mb`` the address-space
    limit, ``max_output`` the bytes kept of stdout and of stderr, ``max_file_bytes`` the cap per output file and
    ``max_files`` how many output files are read back.
    """

    def __init__(self, files: Mapping[str, str | Path] | Iterable[str | Path] = (), *, timeout: float = 30,
                 memory_mb: int = 2048, max_output: int = 10_000, max_file_bytes: int = 100_000, max_files: int = 20,
                 python: str | None = None):
        for label, value in (("timeout", timeout), ("memory_mb", memory_mb), ("max_output", max_output),
                             ("max_file_bytes", max_file_bytes), ("max_files", max_files)):
            if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
                raise InvalidInputError(f"{label} must be a positive number, got {value!r}.")
        pairs = files.items() if isinstance(files, Mapping) else [(Path(p).name, p) for p in files]
        self.files: dict[str, Path] = {}
        for name, path in pairs:
            self.files[_check_name(name)] = self._regular_file(Path(path))
        self.timeout, self.memory_mb = float(timeout), int(memory_mb)
        self.max_output, self.max_file_bytes, self.max_files = int(max_output), int(max_file_bytes), int(max_files)
        self.python = python or sys.executable
        for path in interpreter_paths(self.python):
            if path == Path(WORKDIR) or Path(WORKDIR) in path.parents:
                raise InvalidInputError(f"The interpreter lives under {WORKDIR}, the sandbox's work folder; "
                                        "use an interpreter installed elsewhere.")

    @staticmethod
    def _regular_file(path: Path) -> Path:
        try:
            info = path.lstat()
        except OSError:
            raise InvalidInputError(f"Input file {str(path)!r} does not exist.") from None
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInputError(f"Input file {str(path)!r} is not a regular file (symlinks, folders and devices "
                                    "are not copied into the sandbox).")
        return path

    def command(self, inputs: Path, outputs: Path) -> list[str]:
        """The ``bwrap`` command line: ``inputs`` holds the copied files, ``outputs`` is bound as ``outputs/``."""
        bwrap = bwrap_path()
        if not bwrap:
            raise SandboxUnavailableError(f"bubblewrap (bwrap) is not installed, so no Python is run; {INSTALL_HINT}.")
        args = [bwrap, "--unshare-all", "--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID),
                "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--ro-bind", "/usr", "/usr"]
        for name in USR_LINKS:
            host = Path("/") / name
            if host.is_symlink():
                args += ["--symlink", os.readlink(host), str(host)]
            elif host.is_dir():
                args += ["--ro-bind", str(host), str(host)]
        size = ["--size", str(TMP_BYTES)] if _takes_size(bwrap) else []  # bubblewrap 0.7 and later
        args += ["--proc", "/proc", "--dev", "/dev", *size, "--tmpfs", "/tmp", "--tmpfs", WORKDIR]
        # after /tmp: an interpreter that lives under /tmp (a fresh clone's virtual environment) stays visible
        for path in interpreter_paths(self.python):
            args += ["--ro-bind", str(path), str(path)]
        for name in self.files:
            args += ["--ro-bind", str(inputs / name), f"{WORKDIR}/{name}"]
        args += ["--bind", str(outputs), f"{WORKDIR}/{OUTPUTS}", "--remount-ro", WORKDIR, "--chdir", WORKDIR,
                 "--clearenv"]
        for key, value in ENVIRONMENT.items():
            args += ["--setenv", key, value]
        return args + [self.python, "-I", "-"]

    def _limits(self) -> None:  # runs in the child between fork and exec
        memory = self.memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_FSIZE, (self.max_file_bytes * 10, self.max_file_bytes * 10))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    def run(self, code: str) -> SandboxResult:
        """Run ``code`` (Python source) in a fresh container and return what it printed and wrote."""
        if not isinstance(code, str) or not code.strip():
            raise InvalidInputError("The code must be a non-empty string of Python source.")
        root = Path(tempfile.mkdtemp(prefix="labkit-pysandbox-"))
        try:
            inputs, outputs = root / "inputs", root / OUTPUTS
            inputs.mkdir()
            outputs.mkdir()
            os.chmod(root, 0o711)
            os.chmod(outputs, 0o777)  # the snippet's uid is not the caller's where no user namespace maps it back
            for name, source in self.files.items():
                shutil.copyfile(self._regular_file(source), inputs / name, follow_symlinks=False)
                os.chmod(inputs / name, 0o444)
            process = subprocess.Popen(self.command(inputs, outputs), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, preexec_fn=self._limits, start_new_session=True,
                                       env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")})
            out, err = _Capped(process.stdout, self.max_output), _Capped(process.stderr, self.max_output)
            timed_out = False
            try:
                process.stdin.write(code.encode("utf-8"))
                process.stdin.close()
            except BrokenPipeError:
                pass
            try:
                process.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
                _stop(process)
            stdout, stderr = out.text(), err.text()
            if not timed_out and process.returncode != 0 and not stdout and stderr.startswith("bwrap: "):
                raise SandboxUnavailableError(f"bubblewrap could not start the sandbox, so no Python was run: "
                                              f"{stderr.splitlines()[0][7:]} (it needs user namespaces or root).")
            files, cut = self._read_outputs(outputs)
            return SandboxResult(ok=not timed_out and process.returncode == 0, stdout=stdout, stderr=stderr,
                                 timed_out=timed_out, returncode=None if timed_out else process.returncode,
                                 files=files, truncated=out.cut or err.cut or cut)
        finally:
            shutil.rmtree(root, ignore_errors=True)

    def _read_outputs(self, outputs: Path) -> tuple[dict[str, bytes], bool]:
        files: dict[str, bytes] = {}
        cut = False
        for path in sorted(outputs.rglob("*")):
            if not path.is_file() or path.is_symlink():
                continue
            if len(files) >= self.max_files:
                return files, True
            with open(path, "rb") as handle:
                data = handle.read(self.max_file_bytes + 1)
            cut = cut or len(data) > self.max_file_bytes
            files[path.relative_to(outputs).as_posix()] = data[: self.max_file_bytes]
        return files, cut

    def tools(self) -> Any:
        """``run_python`` in a :class:`~labkit.tools.registry.ToolRegistry`, declared read-only with the scope
        ``python:run`` (:mod:`labkit.tools.access`); its reply (:meth:`SandboxResult.to_text`) writes the
        interpreter's host folders as ``<python>``."""
        from labkit.tools.access import Risk, declare_access
        from labkit.tools.registry import ToolRegistry

        names = ", ".join(self.files) or "none"
        hidden = interpreter_paths(self.python)  # tracebacks name them; the model's reply shows <python> instead

        @declare_access(Risk.READ_ONLY, scopes={"python:run"})
        def run_python(code: str) -> str:
            """Run Python code (pandas and numpy available) in a sandbox without network; print the results.

            Args:
                code: Python source; input files are in the working folder, save files to outputs/
            """
            return self.run(code).to_text(hide=hidden)

        run_python.__doc__ = run_python.__doc__.replace("print the results.",
                                                        f"print the results. Input files: {names}.")
        return ToolRegistry([run_python])
