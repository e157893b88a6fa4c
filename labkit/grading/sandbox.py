"""The grading sandbox: every submission's kernel runs in a bubblewrap container of its own, one per slot.

The one idea: a maintained tool does the isolation. The kernel is started from a kernelspec in a temporary folder
whose ``argv`` runs :mod:`labkit.grading.launcher`, which joins the slot's cgroups and ``exec``s bubblewrap
(``bwrap``, the sandbox Flatpak uses), so papermill and nbclient drive it like any other kernel. Inside, it gets:

* new PID, IPC, UTS, network, mount (and cgroup) namespaces, a fresh ``/proc`` showing only its own processes, and
  ``--die-with-parent`` (killing the container, or the grader, kills every process in it);
* a read-only root holding only the system (``/usr`` and the part of ``/etc`` libraries read), the interpreter, its
  packages and the ``labkit`` package folder; never the checkout's tests, assessments, ``.git``, other courses, the
  submissions, ``/home``, or configuration that may hold tokens (``/etc/pip.conf``, ``/etc/environment``...);
* private, size-limited tmpfs for its working folder (``/home/learner``), ``/tmp`` and ``/dev/shm``: its disk quota;
  nothing it writes touches the host's disk or outlives it, and no two slots share a file or a SysV segment;
* an unprivileged uid per slot (64000 + slot) with no capabilities and ``no_new_privs``, and a clean environment;
* a memory and a process limit for the *whole slot* (cgroup v1 ``memory`` and ``pids``, nested under the grader's
  own cgroup), on top of per-process rlimits (address space, processes, file size, CPU time, no core dumps).

The namespaces need root (bubblewrap is run without a user namespace so the kernel can drop to the slot's real,
unprivileged uid); as another user bubblewrap falls back to a user namespace and the kernel keeps the grader's uid.
:func:`probe` finds out what this machine allows, and grading works with whatever is there:
:meth:`Protections.describe` names each protection that is missing and what stands in for it (without bubblewrap:
a private working folder on the host and rlimits; without writable cgroups: per-process rlimits only).
Timeouts per cell and per notebook are enforced by the grader (:mod:`labkit.grading.execute`), not here.
Leaves out: seccomp filters, and blocking user namespaces inside the sandbox (bubblewrap can only do that from a
user namespace of its own, which would map the slot's uid to root outside).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from labkit.errors import SandboxBusyError

UID_BASE = 64000
SLOTS = 256
SLOT_DIR = Path(tempfile.gettempdir()) / "labkit-sandbox-slots"
HOME = "/home/learner"  # the kernel's working folder inside the container
CGROUP_MOUNT = Path("/sys/fs/cgroup")
# Top-level system folders the kernel sees read-only (merged-/usr systems have most as symlinks into /usr).
SYSTEM_DIRS = ("usr", "etc", "bin", "sbin", "lib", "lib32", "lib64", "libx32")
# The kernel's first Python: what ``python -m ipykernel_launcher`` runs (take the working folder off the module path
# while ipykernel loads, then start it), with debugpy marked absent first. A graded kernel is never debugged, and
# importing the debugger (ipykernel does when it can) is about a quarter of a kernel's start, paid per submission.
KERNEL_MAIN = ("import sys; del sys.path[0]; sys.modules['debugpy'] = None; "
               "from ipykernel.kernelapp import launch_new_instance; launch_new_instance()")
# What every released lab runs first, loaded while the kernel boots (IPython runs it before serving, leaving no name
# behind): the setup cell imports the lab API and opens the lab file (``labkit.assess.spec`` reads it), and check
# and quiz cells show widgets. A warm kernel boots ahead of its submission, so this is done before the submission
# needs it rather than on its clock. An import that fails here only leaves a line in the kernel's own log.
KERNEL_PRELOAD = "import labkit.assess, labkit.assess.spec, ipywidgets; del labkit, ipywidgets"
# Of /etc, only what libraries read: never pip.conf, npmrc, gitconfig, environment (they may hold tokens).
ETC_ENTRIES = ("alternatives", "ca-certificates", "fonts", "group", "host.conf", "hosts", "ld.so.cache", "ld.so.conf",
               "ld.so.conf.d", "locale.alias", "localtime", "mime.types", "nsswitch.conf", "os-release", "passwd",
               "protocols", "services", "ssl", "terminfo", "timezone")


@dataclass(frozen=True)
class SandboxPolicy:
    """Limits and protections for one grading kernel. ``isolate``/``user``/``cgroups`` are requests; see :func:`probe`."""

    memory_mb: int = 2048
    max_processes: int = 256
    max_file_mb: int = 64
    disk_mb: int = 256
    cpu_seconds: int = 600
    cell_timeout: float = 60
    case_timeout: float = 10
    notebook_timeout: float = 300
    startup_timeout: float = 60
    max_output_kb: int = 2048
    max_notebook_mb: float = 8
    isolate: bool = True
    user: bool = True
    cgroups: bool = True

    def __post_init__(self) -> None:
        from labkit.errors import InvalidInputError

        for name in ("memory_mb", "max_processes", "max_file_mb", "disk_mb", "cpu_seconds", "cell_timeout",
                     "case_timeout", "notebook_timeout", "startup_timeout", "max_output_kb", "max_notebook_mb"):
            if getattr(self, name) <= 0:
                raise InvalidInputError(f"SandboxPolicy.{name} must be positive, got {getattr(self, name)!r}")


@dataclass(frozen=True)
class Protections:
    """What a policy gets on this machine: the effective policy, bubblewrap's path, and why each missing one is."""

    policy: SandboxPolicy
    missing: dict[str, str] = field(default_factory=dict)
    bwrap: str = ""

    def active(self) -> list[str]:
        """The protections a kernel graded now gets, one phrase each (for ``labkit doctor`` and the grade report).

        >>> Protections(SandboxPolicy(isolate=False, user=False, cgroups=False)).active()[0]
        'clean environment'
        """
        p = self.policy
        on = ["clean environment", "per-process limits (address space, processes, file size, CPU time)",
              "cell and notebook timeouts"]
        if p.isolate:
            on += ["bubblewrap namespaces (pid, ipc, uts, network, mount): no network, no other processes",
                   "read-only root with only the interpreter, its packages and labkit",
                   f"private tmpfs for the working folder, /tmp and /dev/shm (disk quota {p.disk_mb} MB each)"]
        else:
            on.append("private working folder on the host")
        if p.user:
            on.append("unprivileged user per slot, no capabilities")
        if p.cgroups:
            on.append(f"slot-wide memory ({p.memory_mb} MB) and process ({p.max_processes}) limits (cgroups)")
        return on

    def describe(self) -> str:
        text = "sandbox: " + ", ".join(self.active())
        if self.missing:
            text += "\nsandbox MISSING: " + "; ".join(f"{k} ({v})" for k, v in self.missing.items())
        return text


def protections(policy: SandboxPolicy | None = None) -> Protections:
    """The protections grading gets here (probed once per policy); ``labkit doctor`` prints ``.describe()``."""
    return probe(policy or SandboxPolicy())


# -- slot cgroups ------------------------------------------------------------------------------------------------
def own_cgroup(controller: str, table: str) -> Path | None:
    """The folder of a process's cgroup in the v1 ``controller`` hierarchy, from its ``/proc/PID/cgroup`` text.

    >>> own_cgroup("memory", "4:memory:/jobs/a\\n0::/\\n")
    PosixPath('/sys/fs/cgroup/memory/jobs/a')
    >>> own_cgroup("pids", "0::/\\n") is None
    True
    """
    for line in table.splitlines():
        _, controllers, path = line.split(":", 2)
        if controller in controllers.split(","):
            return CGROUP_MOUNT / controller / path.lstrip("/")
    return None


class SlotCgroups:
    """A slot's ``memory`` and ``pids`` cgroups (v1), nested under the grader's own, with the slot's limits."""

    def __init__(self, number: int, policy: SandboxPolicy):
        table = Path("/proc/self/cgroup").read_text()
        memory = policy.memory_mb * 2**20
        limits = {"memory": {"memory.limit_in_bytes": memory, "memory.memsw.limit_in_bytes": memory},
                  "pids": {"pids.max": policy.max_processes}}
        optional = {"memory.memsw.limit_in_bytes"}  # only where swap is accounted
        self.folders: list[Path] = []
        for controller, settings in limits.items():
            parent = own_cgroup(controller, table)
            if parent is None or not parent.is_dir():
                raise OSError(f"no cgroup v1 {controller} hierarchy at {CGROUP_MOUNT / controller}")
            folder = parent / f"labkit-slot-{number}"
            folder.mkdir(exist_ok=True)
            self.folders.append(folder)
            for name, value in settings.items():
                if name not in optional or (folder / name).exists():
                    (folder / name).write_text(str(value))
        self.kill_all()  # leftovers of a crashed earlier run

    def pids(self) -> set[int]:
        found: set[int] = set()
        for folder in self.folders:
            try:
                found.update(int(p) for p in (folder / "cgroup.procs").read_text().split())
            except OSError:
                pass
        return found

    def kill_all(self, rounds: int = 50) -> None:
        """SIGKILL every process in the slot until none is left (a fork bomb's children included)."""
        for _ in range(rounds):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
            time.sleep(0.01)

    def remove(self) -> None:
        for folder in self.folders:
            for _ in range(50):  # the killed processes leave the cgroup a moment after SIGKILL
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.02)


# -- what the kernel sees ----------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def needed_paths() -> tuple[Path, ...]:
    """What the kernel must be able to read besides the system: the interpreter, its packages, labkit's own folder.

    Never the folder *above* labkit: for an editable install that is the checkout, with tests and assessments.
    """
    import labkit

    paths = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), Path(sys.executable).resolve().parent,
             Path(labkit.__file__).resolve().parent}
    return tuple(outermost(paths))


@lru_cache(maxsize=64)
def covers(present: tuple[tuple[Path, bool], ...], binds: tuple[Path, ...],
           needed: tuple[Path, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """bubblewrap arguments hiding each ``present`` (path, is a folder) that lies inside one of ``binds``, and a note
    for each that cannot be hidden because the kernel ``needed`` something inside it.

    >>> covers(((Path("/usr/lab"), True), (Path("/srv/x"), False), (Path("/opt"), True)), (Path("/usr"),),
    ...        (Path("/opt/venv"),))
    (('--perms', '0000', '--tmpfs', '/usr/lab'), ('cannot hide /opt: the kernel needs something inside it',))
    """
    args: list[str] = []
    notes = []
    coverable = {}
    for path, is_dir in present:
        if any(n == path or path in n.parents for n in needed):
            notes.append(f"cannot hide {path}: the kernel needs something inside it")
        else:
            coverable[path] = is_dir
    for path in outermost(coverable):
        if any(b in path.parents for b in binds):
            args += ["--perms", "0000", "--tmpfs", str(path)] if coverable[path] else \
                ["--ro-bind", "/dev/null", str(path)]
    return tuple(args), tuple(notes)


def outermost(paths) -> list[Path]:
    """The paths not inside another one of them, sorted.

    >>> outermost([Path("/a/b"), Path("/a"), Path("/c")])
    [PosixPath('/a'), PosixPath('/c')]
    """
    paths = set(paths)
    return sorted(p for p in paths if not any(q in p.parents for q in paths))


def system_binds() -> list[str]:
    """bubblewrap arguments for the read-only system: ``/usr``, part of ``/etc``, ``/bin``, ``/lib``... as on the host."""
    args: list[str] = []
    for name in SYSTEM_DIRS:
        host = Path("/") / name
        if host.is_symlink():
            args += ["--symlink", os.readlink(host), str(host)]
        elif name == "etc":
            args += ["--perms", "0755", "--dir", "/etc"]
            for entry in ETC_ENTRIES:
                args += ["--ro-bind-try", f"/etc/{entry}", f"/etc/{entry}"]
        elif host.is_dir():
            args += ["--ro-bind", str(host), str(host)]
    return args


def folders_for(paths: list[Path], made: set[Path]) -> list[str]:
    """``--dir`` arguments (mode 755) for the parents of ``paths`` that the container does not have yet.

    >>> folders_for([Path("/root/.pyenv/v")], set())
    ['--perms', '0755', '--dir', '/root', '--perms', '0755', '--dir', '/root/.pyenv']
    """
    args: list[str] = []
    for path in paths:
        for folder in reversed(path.parents[:-1]):
            if folder not in made:
                made.add(folder)
                args += ["--perms", "0755", "--dir", str(folder)]
    return args


def bwrap_binary() -> str:
    return shutil.which("bwrap") or ""


def enclosing_git(path: Path) -> Path | None:
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder / ".git"
    return None


# -- slots ---------------------------------------------------------------------------------------------------------
class Slot:
    """An exclusive sandbox slot (and so an exclusive uid and cgroup) held with ``flock`` for the life of one kernel."""

    def __init__(self) -> None:
        SLOT_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)
        for number in range(SLOTS):
            handle = open(SLOT_DIR / f"slot-{number}", "w")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                continue
            self.number, self._handle = number, handle
            self.uid = UID_BASE + number
            return
        raise SandboxBusyError(SLOTS)

    def release(self) -> None:
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()


def kill_uid(uid: int, rounds: int = 5) -> None:
    """Kill every process of ``uid`` (the fallback when the slot has neither a PID namespace nor cgroups)."""
    for _ in range(rounds):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            try:
                os.setgid(uid)
                os.setuid(uid)
                os.kill(-1, signal.SIGKILL)
            except OSError:
                pass
            os._exit(0)
        os.waitpid(pid, 0)
        time.sleep(0.02)


# -- one kernel ----------------------------------------------------------------------------------------------------
class SandboxKernel:
    """One sandboxed kernel's slot, folders, kernelspec and kernel manager; use as a context manager.

    One kernel serves exactly one submission. Nothing submission-specific is needed to enter it, so a kernel can be
    started ahead of time (``await sandbox.kernel_manager().start_kernel()``). ``hidden`` are host paths the kernel
    must not see: with bubblewrap only those inside the folders it needs are covered (nothing else is there); a
    path that contains something the kernel needs cannot be covered and is reported in ``notes`` instead.
    """

    def __init__(self, protections: Protections, hidden: list[Path] = (), extra_files: dict[str, str] | None = None):
        self.protections = protections
        self.policy = protections.policy
        self.hidden = [Path(p).resolve() for p in hidden]
        self.extra_files = extra_files or {}
        self.notes: list[str] = []
        self.slot: Slot | None = None
        self.cgroups: SlotCgroups | None = None
        self.km = None

    # -- lifecycle ----------------------------------------------------------------------------------------------
    def __enter__(self) -> "SandboxKernel":
        self.root = Path(tempfile.mkdtemp(prefix="labkit-grade-"))
        os.chmod(self.root, 0o711)
        self.private = self.root / "grader"  # config, status, logs, executed notebook: the kernel cannot read these
        self.private.mkdir(mode=0o700)
        self.kernel_log = self.private / "kernel.log"
        self.status_file = self.private / "status.log"
        self.ipc = self.root / "ipc"
        self.ipc.mkdir(mode=0o700)
        given = self.private / "given"
        given.mkdir()
        for name, text in self.extra_files.items():
            (given / name).write_text(text, encoding="utf-8")
            (given / name).chmod(0o644)
        self.workdir = Path(HOME) if self.policy.isolate else self.root / "work"
        self.uid = None
        try:
            if self.policy.user or self.policy.cgroups:
                self.slot = Slot()
            if self.policy.cgroups:
                self.cgroups = SlotCgroups(self.slot.number, self.policy)
            if self.policy.user:
                self.uid = self.slot.uid
                if self.cgroups is None and not self.policy.isolate:
                    kill_uid(self.uid)  # leftovers of a crashed earlier run
                os.chown(self.ipc, self.uid, self.uid)
            if not self.policy.isolate:
                self.workdir.mkdir(mode=0o700)
                (self.workdir / ".tmp").mkdir(mode=0o700)
                for name in self.extra_files:
                    shutil.copy(given / name, self.workdir / name)
                if self.uid is not None:
                    for path in (self.workdir, *self.workdir.iterdir()):
                        os.chown(path, self.uid, self.uid)
            self._write_kernelspec()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
        process = self._launcher()
        if process is not None:  # collect the killed launcher, or it stays a zombie of this process
            try:
                process.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        if self.cgroups:
            self.cgroups.remove()
        shutil.rmtree(self.root, ignore_errors=True)
        if self.slot:
            self.slot.release()

    def _launcher(self) -> subprocess.Popen | None:
        """The launcher's process (by now bubblewrap, or the kernel itself), as jupyter_client started it."""
        return getattr(getattr(self.km, "provisioner", None), "process", None)

    def stop(self) -> None:
        """Kill the kernel and everything it started (idempotent; safe from a watchdog thread)."""
        process = self._launcher()
        if process is not None and process.poll() is None:  # not yet collected, so its pid is still its own
            try:  # bubblewrap's death takes the container's PID namespace, and so every process, with it
                os.killpg(process.pid, signal.SIGKILL)
            except OSError:
                process.kill()
        if self.cgroups:
            self.cgroups.kill_all()
        elif self.uid is not None and not self.policy.isolate:
            kill_uid(self.uid)

    def launch_problem(self) -> str:
        """'' once the launcher handed over to the kernel, else why the sandbox did not start (one clean line).

        Read from the status file, which only the launcher and bubblewrap write: nothing the kernel prints counts.
        """
        from labkit.grading.launcher import FAILED, READY

        try:
            lines = self.status_file.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "the sandbox launcher never ran"
        failed = [line[len(FAILED):].strip() for line in lines if line.startswith(FAILED)]
        if failed:
            return clean_line(f"the sandbox could not start: {failed[-1]}")
        if READY in lines:
            return ""
        said = [line for line in lines if line.strip() and not line.lstrip().startswith("{")]
        if said:
            return clean_line(f"the sandbox could not start: {said[-1]}")
        exits = [json.loads(line)["exit-code"] for line in lines if '"exit-code"' in line]
        return f"the sandbox exited (code {exits[-1]}) before the kernel started" if exits else \
            "the sandbox has not started the kernel"

    # -- setup --------------------------------------------------------------------------------------------------
    def _covers(self, binds: list[Path]) -> list[str]:
        """bubblewrap arguments covering each hidden path that lies inside a bound folder.

        Whether each hidden path exists (and is a folder) is looked up for every kernel (a gradebook's ``-wal`` file
        comes and goes); what follows from that is worked out once per process (:func:`covers`).
        """
        present = tuple((p, p.is_dir()) for p in self.hidden if p.exists())
        args, notes = covers(present, tuple(binds), tuple(needed_paths()))
        self.notes.extend(notes)
        return list(args)

    def bwrap_args(self) -> list[str]:
        """The bubblewrap command line (before ``--``) for this slot's container."""
        p = self.policy
        size = str(p.disk_mb * 2**20)
        args = [self.protections.bwrap, "--die-with-parent", "--new-session", "--unshare-ipc", "--unshare-pid",
                "--unshare-net", "--unshare-uts", "--unshare-cgroup-try", "--hostname", "sandbox"]
        if os.geteuid() == 0:  # no user namespace: the kernel drops to the slot's real uid, keeping no capability
            args += ["--cap-drop", "ALL", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
        else:
            args += ["--unshare-user"]
        args += system_binds()
        args += ["--proc", "/proc", "--dev", "/dev", "--perms", "1777", "--size", size, "--tmpfs", "/tmp",
                 "--perms", "1777", "--size", size, "--tmpfs", "/dev/shm"]
        binds = needed_paths()
        made = {Path("/"), Path("/tmp"), *(Path("/") / name for name in SYSTEM_DIRS)}
        args += folders_for([*binds, Path(HOME), self.ipc], made)
        for path in binds:
            args += ["--ro-bind", str(path), str(path)]
        args += ["--perms", "0777", "--size", size, "--tmpfs", HOME]
        for name in self.extra_files:
            args += ["--ro-bind", str(self.private / "given" / name), f"{HOME}/{name}"]
        args += ["--bind", str(self.ipc), str(self.ipc)]
        return args + self._covers([*binds, *(Path("/") / n for n in SYSTEM_DIRS)]) + ["--chdir", HOME]

    def _config(self) -> dict:
        p = self.policy
        home = str(self.workdir)
        env = {
            "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin", "HOME": home,
            "USER": "learner", "LANG": "C.UTF-8", "IPYTHONDIR": f"{home}/.ipython",
            "MPLCONFIGDIR": f"{home}/.matplotlib", "MPLBACKEND": "Agg", "LABKIT_HOME": f"{home}/.labkit",
            "LABKIT_PROGRESS": "off", "LABKIT_MODEL": "offline", "HF_HUB_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false", "PYTHONDONTWRITEBYTECODE": "1", "JUPYTER_PLATFORM_DIRS": "1",
            "TMPDIR": "/tmp" if p.isolate else f"{home}/.tmp",
            # few malloc arenas and one math thread: RLIMIT_AS counts reserved address space, and graders share CPUs
            "MALLOC_ARENA_MAX": "2", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        }
        return {
            "status": str(self.status_file), "launcher": str(Path(__file__).with_name("launcher.py")),
            "cgroups": [str(f) for f in self.cgroups.folders] if self.cgroups else [],
            "bwrap": self.bwrap_args() if p.isolate else None, "env": env,
            "chown": [str(self.ipc / "connection.json")] if self.uid is not None else [],
            "inside": {
                "uid": self.uid, "workdir": home,
                "rlimits": {
                    "RLIMIT_AS": p.memory_mb * 2**20, "RLIMIT_FSIZE": p.max_file_mb * 2**20,
                    "RLIMIT_CPU": int(p.cpu_seconds), "RLIMIT_CORE": 0,
                    **({"RLIMIT_NPROC": p.max_processes} if self.uid is not None else {}),
                },
            },
        }

    def command(self, argv: list[str]) -> list[str]:
        """``argv`` wrapped in the launcher: the command line that runs it in this sandbox."""
        return [sys.executable, "-I", "-S", str(Path(__file__).with_name("launcher.py")),
                str(self.private / "launcher.json"), "--", *argv]

    def _write_kernelspec(self) -> None:
        (self.private / "launcher.json").write_text(json.dumps(self._config()))
        spec_dir = self.private / "kernels" / "labkit-sandbox"
        spec_dir.mkdir(parents=True)
        (spec_dir / "kernel.json").write_text(json.dumps({
            "argv": self.command([sys.executable, "-c", KERNEL_MAIN, "-f", "{connection_file}",
                                  f"--IPKernelApp.exec_lines={KERNEL_PRELOAD}"]),
            "display_name": "labkit sandbox", "language": "python",
            # an interrupt travels as a message: a signal to the process group would reach the launcher and
            # bubblewrap, not the kernel in its own session (and would end the container)
            "interrupt_mode": "message",
        }))

    def kernel_manager(self):
        """An async jupyter_client kernel manager for this sandbox (ipc transport, our kernelspec).

        Async matters: nbclient's timeouts and dead-kernel checks only work when no channel call blocks its loop.
        """
        from jupyter_client import AsyncKernelManager
        from jupyter_client.kernelspec import KernelSpecManager

        ksm = KernelSpecManager(kernel_dirs=[str(self.private / "kernels")], ensure_native_kernel=False)
        self.km = AsyncKernelManager(
            kernel_name="labkit-sandbox", kernel_spec_manager=ksm, transport="ipc",
            ip=str(self.ipc / "kernel"), connection_file=str(self.ipc / "connection.json"),
        )
        return self.km


def clean_line(text: str, limit: int = 300) -> str:
    """``text`` as one printable line, at most ``limit`` characters: no control characters, no escape codes.

    >>> clean_line("bwrap: \\x1b[31mfailed\\x1b[0m\\nnext")
    'bwrap: [31mfailed[0m next'
    """
    return "".join(c for c in text.replace("\n", " ") if c.isprintable()).strip()[:limit]


# -- probing -------------------------------------------------------------------------------------------------------
def _try(protections: Protections) -> str:
    """Run ``python -c 'import labkit'`` in a sandbox with ``protections``; '' when it worked, else the complaint."""
    try:
        with SandboxKernel(protections) as sandbox:
            proc = subprocess.run(sandbox.command([sys.executable, "-c", "import labkit"]),
                                  stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
            if proc.returncode == 0:
                return ""
            problem = sandbox.launch_problem()
            tail = clean_line(proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1]) \
                if proc.stderr.strip() else ""
            return problem or tail or f"exit code {proc.returncode}"
    except (OSError, RuntimeError, subprocess.TimeoutExpired) as exc:
        return clean_line(f"{type(exc).__name__}: {exc}")


_PROBED: dict[SandboxPolicy, Protections] = {}


def probe(policy: SandboxPolicy = SandboxPolicy()) -> Protections:
    """Which of the requested protections work here; unavailable ones are switched off and listed as missing."""
    if policy in _PROBED:
        return _PROBED[policy]
    missing: dict[str, str] = {}
    effective = policy
    root = os.geteuid() == 0
    if policy.user and not root:
        missing["separate user"] = "the grader is not root, so the kernel runs as the grader's own user"
        effective = replace(effective, user=False)
    if policy.cgroups:
        problem = "" if root else "the grader is not root"
        if not problem:
            try:
                slot = Slot()
                try:
                    SlotCgroups(slot.number, policy).remove()
                finally:
                    slot.release()
            except OSError as exc:
                problem = clean_line(str(exc))
        if problem:
            missing["slot-wide memory and process limits"] = f"cgroups unavailable ({problem}); per-process rlimits only"
            effective = replace(effective, cgroups=False)
    bwrap = bwrap_binary() if policy.isolate else ""
    if policy.isolate and not bwrap:
        missing["namespaces, read-only root, private tmpfs"] = (
            "bubblewrap is not installed (`apt-get install bubblewrap`, or `make system-deps`); "
            "the kernel gets a private working folder on the host instead")
        effective = replace(effective, isolate=False)
    result = Protections(effective, missing, bwrap)
    problem = _try(result)
    if problem and effective.isolate:
        missing["namespaces, read-only root, private tmpfs"] = f"bubblewrap failed here: {problem}"
        result = Protections(replace(effective, isolate=False), missing)
        problem = _try(result)
    if problem and result.policy.user:
        missing["separate user"] = f"the kernel could not start as another user: {problem}"
        result = Protections(replace(result.policy, user=False), missing, result.bwrap)
    _PROBED[policy] = result
    return result
