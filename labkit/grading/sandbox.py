"""The grading sandbox: a Jupyter kernel started through a launcher that locks it in before it runs any code.

The one idea: the kernel is started from a kernelspec in a temporary folder whose ``argv`` wraps ipykernel in
:mod:`labkit.grading.launcher`. So papermill and nbclient drive it like any kernel, while the launcher gives it:

* its own unprivileged user (a numeric uid per concurrent slot, 64000 + slot, so two kernels graded side by side
  cannot signal each other or share a process budget), and ``no_new_privs``;
* its own empty working directory (``HOME`` too) and a clean environment (no grader secrets);
* no network: a fresh network namespace without interfaces (the grader talks to it over Unix sockets, ZMQ's
  ``ipc`` transport, which do not need a network);
* a private view of the filesystem in which the assessment folder, the submissions, the gradebook and the
  repository's ``.git`` are covered by empty mounts;
* limits on address space, processes, file size, CPU time and core dumps.

:func:`probe` finds out which of these this machine allows (root? namespaces?). Grading works with whatever is
available and the run reports what was missing. Timeouts per cell and per notebook are enforced by the grader
(:mod:`labkit.grading.execute`), not here. Leaves out: seccomp filters and cgroups (memory is bounded with
``RLIMIT_AS``, which also counts untouched virtual memory).
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
from pathlib import Path

UID_BASE = 64000
SLOTS = 256
SLOT_DIR = Path(tempfile.gettempdir()) / "labkit-sandbox-slots"


@dataclass(frozen=True)
class SandboxPolicy:
    """Limits and protections for one grading kernel. ``user``/``network``/``hide`` are *requests*; see :func:`probe`."""

    memory_mb: int = 2048
    max_processes: int = 256
    max_file_mb: int = 64
    cpu_seconds: int = 600
    cell_timeout: float = 60
    case_timeout: float = 10
    notebook_timeout: float = 300
    startup_timeout: float = 60
    max_output_kb: int = 2048
    max_notebook_mb: float = 8
    user: bool = True
    network: bool = True
    hide: bool = True
    user_namespace: bool = False  # set by probe() when isolation comes from an unprivileged user namespace

    def __post_init__(self) -> None:
        from labkit.errors import InvalidInputError

        for name in ("memory_mb", "max_processes", "max_file_mb", "cpu_seconds", "cell_timeout", "case_timeout",
                     "notebook_timeout", "startup_timeout", "max_output_kb", "max_notebook_mb"):
            if getattr(self, name) <= 0:
                raise InvalidInputError(f"SandboxPolicy.{name} must be positive, got {getattr(self, name)!r}")


@dataclass(frozen=True)
class Protections:
    """What a policy gets on this machine: the effective policy and, for each missing protection, why."""

    policy: SandboxPolicy
    missing: dict[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        on = ["own working dir", "clean env", "rlimits (memory, processes, file size, CPU)", "cell/notebook timeouts"]
        if self.policy.user:
            on.append("separate user")
        if self.policy.network:
            on.append("no network")
        if self.policy.hide:
            on.append("hidden assessment/gradebook paths")
        text = "sandbox: " + ", ".join(on)
        if self.missing:
            text += "\nsandbox MISSING: " + "; ".join(f"{k} ({v})" for k, v in self.missing.items())
        return text


def unreachable_covers(paths: list[Path]) -> list[dict]:
    """For paths another user cannot reach, the topmost folder lacking ``o+x`` to cover and the paths to keep.

    >>> unreachable_covers([Path("/")])
    []
    """
    covers: dict[str, list[str]] = {}
    for path in paths:
        for folder in reversed([path, *path.parents]):
            if folder.is_dir() and not (folder.stat().st_mode & 0o001):
                covers.setdefault(str(folder), [])
                if str(path) not in covers[str(folder)]:
                    covers[str(folder)].append(str(path))
                break
    return [{"path": k, "keep": v} for k, v in sorted(covers.items())]


def needed_paths() -> list[Path]:
    """What the kernel must be able to read: the interpreter, the environment, labkit itself."""
    import labkit

    return sorted({Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve(), Path(sys.executable).resolve().parent,
                   Path(labkit.__file__).resolve().parent.parent})


def private_tmp_keep(root: Path) -> list[str]:
    """What stays visible in the kernel's private ``/tmp``: its own sandbox folder, and the interpreter, environment
    and labkit when they live under ``/tmp`` (a checkout cloned there); hidden material inside them is covered
    separately.

    >>> private_tmp_keep(Path(tempfile.gettempdir()) / "labkit-grade-x")[0].endswith("labkit-grade-x")
    True
    """
    tmp = Path(tempfile.gettempdir()).resolve()
    inside = sorted({p for p in needed_paths() if tmp in p.parents}, key=lambda p: len(p.parts))
    outermost = [p for p in inside if not any(q in p.parents for q in inside)]
    return [str(root), *(str(p) for p in outermost if p != root and p not in root.parents)]


# Top-level folders of the operating system, left as they are; every other one (/work, /home, /srv, /mnt, ...) is
# covered in the kernel's view, so another checkout or course on the grading host is not readable.
SYSTEM_DIRS = frozenset({"bin", "boot", "dev", "etc", "lib", "lib32", "lib64", "libx32", "opt", "proc", "run", "sbin",
                         "snap", "sys", "tmp", "usr", "var"})


def foreign_tree_covers(already: set[str]) -> list[dict]:
    """Covers for every non-system top-level folder, keeping only the needed paths inside each.

    >>> all(c["path"] not in ("/usr", "/tmp") for c in foreign_tree_covers(set()))
    True
    """
    needed = needed_paths()
    covers = []
    for entry in sorted(Path("/").iterdir()):
        if entry.name in SYSTEM_DIRS or str(entry) in already or entry.is_symlink() or not entry.is_dir():
            continue
        inside = [p for p in needed if entry in p.parents]
        if entry in needed:
            continue  # the environment lives directly here; nothing to cover around it
        keep = [p for p in inside if not any(q in p.parents for q in inside)]
        covers.append({"path": str(entry), "keep": [str(k) for k in sorted(keep)]})
    return covers


def _try_launcher(config: dict) -> str:
    """Run the launcher with ``config`` on ``python -c 'import labkit'``; '' when it worked, else its complaint."""
    with tempfile.TemporaryDirectory(prefix="labkit-probe-") as tmp:
        os.chmod(tmp, 0o711)
        cfg = Path(tmp) / "probe.json"
        cfg.write_text(json.dumps({**config, "workdir": "/", "env": {}}))
        proc = subprocess.run(
            [sys.executable, "-m", "labkit.grading.launcher", str(cfg), "--", sys.executable, "-c", "import labkit"],
            capture_output=True, text=True, timeout=60,
        )
        return "" if proc.returncode == 0 else (proc.stderr.strip().splitlines() or ["failed"])[-1]


_PROBED: dict[SandboxPolicy, Protections] = {}


def probe(policy: SandboxPolicy = SandboxPolicy()) -> Protections:
    """Which of the requested protections work here; unavailable ones are switched off and listed as missing."""
    if policy in _PROBED:
        return _PROBED[policy]
    missing: dict[str, str] = {}
    root = os.geteuid() == 0
    ns = {"network": policy.network, "hide_paths": ["/mnt"] if policy.hide else []}
    spare = UID_BASE + SLOTS  # never handed to a slot
    effective = policy
    if policy.user:
        if not root:
            missing["separate user"] = "the grader is not root, so the kernel runs as the grader's own user"
            effective = replace(effective, user=False)
        else:
            problem = _try_launcher({**ns, "uid": spare, "gid": spare, "expose": unreachable_covers(needed_paths())})
            if problem:
                missing["separate user"] = f"the kernel could not start as another user: {problem}"
                effective = replace(effective, user=False)
    if policy.network or policy.hide:
        problem = _try_launcher(ns)
        if problem and not root and not _try_launcher({**ns, "user_namespace": True}):
            effective, problem = replace(effective, user_namespace=True), ""
        if problem:
            for name, on in (("no network", policy.network), ("hidden paths", policy.hide)):
                if on:
                    missing[name] = f"namespaces unavailable: {problem}"
            effective = replace(effective, network=False, hide=False)
    result = Protections(effective, missing)
    _PROBED[policy] = result
    return result


class Slot:
    """An exclusive sandbox slot (and so an exclusive uid) held with ``flock`` for the life of one kernel."""

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
        raise RuntimeError(f"all {SLOTS} sandbox slots are busy")

    def release(self) -> None:
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()


def kill_uid(uid: int, rounds: int = 5) -> None:
    """Kill every process of ``uid``: a child drops to ``uid`` and calls ``kill(-1, SIGKILL)``, a few times over."""
    for _ in range(rounds):
        if not _has_processes(uid):
            return
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


def reap_children(uid: int) -> None:
    """Collect our own exited children that ran as ``uid`` (a killed kernel would otherwise stay a zombie)."""
    me = str(os.getpid())
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as f:
                fields = dict(line.split(":", 1) for line in f.read().splitlines() if ":" in line)
        except OSError:
            continue
        if (fields.get("PPid", "").strip() == me and fields.get("State", "").strip().startswith("Z")
                and int(fields.get("Uid", "-1").split()[0]) == uid):
            try:
                os.waitpid(int(entry), os.WNOHANG)
            except ChildProcessError:
                pass


def _has_processes(uid: int) -> bool:
    """Whether a live (not zombie) process of ``uid`` exists."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/status") as f:
                    status = f.read()
            except OSError:
                continue
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            if int(fields.get("Uid", "-1 0").split()[0]) == uid and not fields.get("State", "").strip().startswith("Z"):
                return True
    return False


def enclosing_git(path: Path) -> Path | None:
    for folder in (path, *path.parents):
        if (folder / ".git").exists():
            return folder / ".git"
    return None


class SandboxKernel:
    """One sandboxed kernel's folders, kernelspec and kernel manager; use as a context manager.

    ``hidden`` are paths the kernel must not see. A path that contains something the kernel needs (its Python,
    labkit itself, its own folders) cannot be covered and is reported in ``notes`` instead.
    """

    def __init__(self, protections: Protections, hidden: list[Path] = (), extra_files: dict[str, str] | None = None):
        self.protections = protections
        self.policy = protections.policy
        self.hidden = [Path(p).resolve() for p in hidden]
        self.extra_files = extra_files or {}
        self.notes: list[str] = []
        self.slot: Slot | None = None

    # -- lifecycle ----------------------------------------------------------------------------------------------
    def __enter__(self) -> "SandboxKernel":
        self.root = Path(tempfile.mkdtemp(prefix="labkit-grade-"))
        os.chmod(self.root, 0o711)
        self.private = self.root / "grader"  # config, executed notebook: the kernel cannot read these
        self.private.mkdir(mode=0o700)
        self.workdir = self.root / "work"
        self.ipc = self.root / "ipc"
        self.workdir.mkdir(mode=0o700)
        self.ipc.mkdir(mode=0o700)
        (self.workdir / ".tmp").mkdir(mode=0o700)
        for name, text in self.extra_files.items():
            (self.workdir / name).write_text(text, encoding="utf-8")
        uid = None
        if self.policy.user:
            self.slot = Slot()
            uid = self.slot.uid
            kill_uid(uid)  # leftovers of a crashed earlier run
            for path in (self.workdir, self.ipc, *self.workdir.iterdir()):
                os.chown(path, uid, uid)
        self.uid = uid
        self._write_kernelspec()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
        if self.uid is not None:
            reap_children(self.uid)
        shutil.rmtree(self.root, ignore_errors=True)
        if self.slot:
            self.slot.release()

    def stop(self) -> None:
        """Kill the kernel and everything it started."""
        km = getattr(self, "km", None)  # async manager: nbclient shuts it down; here we only kill processes
        if self.uid is not None:
            kill_uid(self.uid)
        elif km is not None and getattr(km, "provisioner", None) is not None:
            pid = getattr(km.provisioner, "pid", None)
            if pid:
                try:
                    os.killpg(pid, signal.SIGKILL)
                except OSError:
                    pass

    # -- setup --------------------------------------------------------------------------------------------------
    def _hidden_lists(self) -> tuple[list[str], list[str]]:
        import labkit

        needed = [self.root, Path(sys.prefix).resolve(), Path(labkit.__file__).resolve().parent,
                  Path(sys.executable).resolve().parent]
        dirs, files = [], []
        for path in sorted(set(self.hidden), key=lambda p: len(p.parts)):
            if not path.exists():
                continue
            if any(n == path or path in n.parents for n in needed):
                self.notes.append(f"cannot hide {path}: the kernel needs something inside it")
                continue
            if any(d == path or Path(d) in path.parents for d in dirs):
                continue
            (dirs if path.is_dir() else files).append(str(path))
        return dirs, files

    def _write_kernelspec(self) -> None:
        p = self.policy
        dirs, files = self._hidden_lists() if p.hide else ([], [])
        home = str(self.workdir)
        env = {
            "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin", "HOME": home,
            "USER": "labkit-sandbox", "LANG": "C.UTF-8", "IPYTHONDIR": f"{home}/.ipython",
            "MPLCONFIGDIR": f"{home}/.matplotlib", "MPLBACKEND": "Agg", "LABKIT_HOME": f"{home}/.labkit",
            "LABKIT_PROGRESS": "off", "LABKIT_MODEL": "offline", "HF_HUB_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false", "PYTHONDONTWRITEBYTECODE": "1", "JUPYTER_PLATFORM_DIRS": "1", "TMPDIR": f"{home}/.tmp",
            # few malloc arenas and one math thread: RLIMIT_AS counts reserved address space, and graders share CPUs
            "MALLOC_ARENA_MAX": "2", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
        }
        covers = unreachable_covers(needed_paths()) if self.uid is not None else []
        if p.hide:  # a private /tmp holding only this sandbox's folders: nothing of other runs or users
            covers.append({"path": tempfile.gettempdir(), "keep": private_tmp_keep(self.root), "mode": "1777"})
            covers += foreign_tree_covers({c["path"] for c in covers})
        config = {
            "expose": covers,
            "network": p.network, "hide_paths": dirs, "hide_files": files, "user_namespace": p.user_namespace,
            "workdir": home, "env": env, "uid": self.uid, "gid": self.uid,
            "chown": [str(self.ipc / "connection.json")] if self.uid is not None else [],
            "rlimits": {
                "RLIMIT_AS": p.memory_mb * 2**20, "RLIMIT_FSIZE": p.max_file_mb * 2**20,
                "RLIMIT_CPU": int(p.cpu_seconds), "RLIMIT_CORE": 0,
                **({"RLIMIT_NPROC": p.max_processes} if self.uid is not None else {}),
            },
        }
        config_file = self.private / "launcher.json"
        config_file.write_text(json.dumps(config))
        spec_dir = self.private / "kernels" / "labkit-sandbox"
        spec_dir.mkdir(parents=True)
        (spec_dir / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "labkit.grading.launcher", str(config_file), "--",
                     sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "labkit sandbox", "language": "python",
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
