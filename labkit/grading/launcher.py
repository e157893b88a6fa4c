"""The sandbox launcher: the first program of a grading kernel, run as ``python -I -S launcher.py CONFIG -- CMD``.

The one idea: isolation is bubblewrap's job (namespaces, mounts, a fresh ``/proc``; see
:mod:`labkit.grading.sandbox`), and this launcher only does the few things bubblewrap cannot, in two short stages:

* **outside** (on the host, as the grader's user): join the slot's cgroups, so the memory and process limits hold
  for everything the kernel will ever start; hand the connection file to the slot's user; then start bubblewrap,
  with its own errors going to the *status file* (below), and stay as its parent until it ends (:func:`watch`);
* **inside** (the first process in the sandbox, before any learner code): per-process rlimits, ``no_new_privs``,
  drop to the slot's unprivileged uid, then ``exec`` the kernel.

Without bubblewrap both stages run in one process on the host (fewer protections; the grader says which).

The status file is the launcher's only way to talk to the grader: every stage appends a line to it through a file
descriptor that is closed before the kernel exists, and bubblewrap writes its own errors and JSON status there. The
kernel's stdout and stderr go to a separate log, so nothing a kernel prints can pose as the sandbox's status.
Run with ``-I -S`` from its file path, it imports only the standard library and starts in milliseconds.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import select
import signal
import sys

PR_SET_NO_NEW_PRIVS = 38
READY = "labkit-launcher: ready"
FAILED = "labkit-launcher: error:"


def report(fd: int, line: str) -> None:
    os.write(fd, (line.replace("\n", " ") + "\n").encode("utf-8", "replace"))


def outside(config: dict, command: list[str]) -> None:
    """Join the cgroups, give the connection file to the slot's user, then become bubblewrap (or go inside here)."""
    status = os.open(config["status"], os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        for folder in config.get("cgroups", []):
            with open(os.path.join(folder, "cgroup.procs"), "w") as f:
                f.write(str(os.getpid()))
        uid = config["inside"].get("uid")
        for path in config.get("chown", []):
            if os.path.exists(path):  # the connection file (a probe runs without one)
                os.chown(path, uid, uid)
        if not config.get("bwrap"):
            inside({**config["inside"], "env": config["env"]}, command, status)
        bwrap_status, inner_status, kernel_log = os.dup(status), os.dup(status), os.dup(2)
        for fd in (bwrap_status, inner_status, kernel_log):
            os.set_inheritable(fd, True)
        os.dup2(status, 2)  # bubblewrap's own complaints land in the status file, not in the kernel's log
        inner = {**config["inside"], "status_fd": inner_status, "log_fd": kernel_log}
        argv = [*config["bwrap"], "--json-status-fd", str(bwrap_status), "--",
                sys.executable, "-I", "-S", config["launcher"], "--inside", json.dumps(inner), "--", *command]
        grader = os.getppid()
        child = os.fork()
        if child == 0:
            try:
                os.execve(argv[0], argv, config["env"])
            except OSError as exc:
                report(status, f"{FAILED} {exc}")
            os._exit(3)
        for fd in (bwrap_status, inner_status, kernel_log):
            os.close(fd)
    except OSError as exc:
        report(status, f"{FAILED} {exc}")
        raise SystemExit(3) from None
    watch(child, grader)


def watch(child: int, grader: int) -> None:
    """Stay bubblewrap's parent until it ends, and end it when the grader's *process* ends.

    bubblewrap's ``--die-with-parent`` follows the parent *thread*: started straight from a grader thread that then
    finished (a warm pool's helper, say), the container would be killed mid-run. So this small process is its parent,
    and watches the grader through a pidfd, which follows the whole process. An interrupt sent to the process group
    is ignored here; the kernel is interrupted by message (its kernelspec says so).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        watched = [os.pidfd_open(grader), os.pidfd_open(child)]
        if os.getppid() != grader:  # the grader ended before the watch began
            watched = []
    except OSError:
        watched = []
    ready = select.select(watched, [], [])[0] if watched else []
    if not watched or watched[1] not in ready:
        os.kill(child, signal.SIGKILL)  # the container dies with bubblewrap (--die-with-parent)
    code = os.waitstatus_to_exitcode(os.waitpid(child, 0)[1])
    os._exit(code if code >= 0 else 128 - code)


def inside(config: dict, command: list[str], status: int) -> None:
    """Limits, ``no_new_privs``, the slot's uid, the working folder; then the kernel replaces this process."""
    try:
        for name, value in config.get("rlimits", {}).items():
            resource.setrlimit(getattr(resource, name), (value, value))
        if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS) failed")
        uid = config.get("uid")
        if uid is not None:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
        os.chdir(config["workdir"])
        os.umask(0o077)
        if config.get("log_fd") is not None:  # the kernel's stderr is its log again, never the status file
            os.dup2(config["log_fd"], 2)
            os.close(config["log_fd"])
        os.set_inheritable(status, False)
        report(status, READY)
        os.execve(command[0], command, config.get("env", os.environ))
    except OSError as exc:
        report(status, f"{FAILED} {exc}")
        raise SystemExit(3) from None


def main(argv: list[str]) -> int:
    if argv[:1] == ["--inside"] and len(argv) > 3 and argv[2] == "--":
        config = json.loads(argv[1])
        inside(config, argv[3:], config["status_fd"])
    elif len(argv) > 2 and argv[1] == "--":
        with open(argv[0]) as f:
            outside(json.load(f), argv[2:])
    print("usage: python -I -S launcher.py CONFIG.json -- COMMAND ...", file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover - exercised through real grading runs
    sys.exit(main(sys.argv[1:]))
