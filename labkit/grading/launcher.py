"""The sandbox launcher: the first program of a grading kernel, run as ``python -m labkit.grading.launcher CONFIG -- CMD``.

The one idea: every protection is applied by a tiny program *before* the kernel exists, in the only order that
works: namespaces first (they need root), then hiding paths (needs the new mount namespace and root), then
resource limits, then ``no_new_privs``, then dropping to the unprivileged user, then ``exec`` of the real kernel.
After the ``exec`` nothing of the launcher is left and nothing can undo what it did.

The config file (JSON, written by :mod:`labkit.grading.sandbox`) says which protections to apply; a protection
that was asked for and fails makes the launcher exit non-zero, so a kernel never runs with less than the grader
reported. Imports only the standard library (it runs before the kernel, as root).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import resource
import sys

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_BIND, MS_REC, MS_PRIVATE = 4096, 16384, 1 << 18
PR_SET_NO_NEW_PRIVS = 38

_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def unshare(flags: int) -> None:
    _check(_libc.unshare(flags), "unshare")


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None) -> None:
    enc = lambda s: s.encode() if s is not None else None  # noqa: E731
    _check(_libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)), f"mount {target}")


def expose(covers: list[dict]) -> None:
    """Cover a folder with a fresh tmpfs, keeping only the paths the kernel needs (``/root`` minus the interpreter).

    Each kept path is opened (``O_PATH``) *before* the tmpfs covers its folder, then bound back at its old place
    through ``/proc/self/fd``. So ``/root/.pyenv/...`` stays usable while the rest of ``/root`` disappears, and
    ``/tmp`` shows the kernel only its own sandbox folder.
    """
    for cover in covers:
        fds = [(keep, os.open(keep, os.O_PATH | os.O_DIRECTORY)) for keep in cover["keep"]]
        mount("tmpfs", cover["path"], "tmpfs", MS_NOSUID | MS_NODEV, f"size=64k,mode={cover.get('mode', '755')}")
        for keep, fd in fds:
            os.makedirs(keep, exist_ok=True)
            mount(f"/proc/self/fd/{fd}", keep, None, MS_BIND | MS_REC, None)
            os.close(fd)


def hide(paths: list[str], files: list[str]) -> None:
    """Cover each folder with an empty read-only tmpfs and each file with /dev/null."""
    for path in paths:
        if os.path.isdir(path):
            mount("tmpfs", path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=4k,mode=000")
    for path in files:
        if os.path.isfile(path):
            mount("/dev/null", path, None, MS_BIND, None)


def map_self(uid: int, gid: int) -> None:
    """In a fresh user namespace (non-root fallback), map our own ids so files keep their owners."""
    with open("/proc/self/setgroups", "w") as f:
        f.write("deny")
    with open("/proc/self/uid_map", "w") as f:
        f.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as f:
        f.write(f"{gid} {gid} 1")


def apply(config: dict) -> None:
    flags = 0
    if config.get("network"):
        flags |= CLONE_NEWNET
    if config.get("hide_paths") or config.get("hide_files") or config.get("expose"):
        flags |= CLONE_NEWNS
    if flags and config.get("user_namespace"):
        uid, gid = os.getuid(), os.getgid()
        unshare(flags | CLONE_NEWUSER)
        map_self(uid, gid)
    elif flags:
        unshare(flags)
    if flags & CLONE_NEWNS:
        mount(None, "/", None, MS_REC | MS_PRIVATE, None)  # nothing below propagates back to the host
        expose(config.get("expose", []))
        hide(config.get("hide_paths", []), config.get("hide_files", []))
    for name, value in config.get("rlimits", {}).items():
        limit = getattr(resource, name)
        resource.setrlimit(limit, (value, value))
    _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(NO_NEW_PRIVS)")
    uid = config.get("uid")
    if uid is not None:
        gid = config.get("gid", uid)
        for path in config.get("chown", []):
            os.chown(path, uid, gid)
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
    os.chdir(config["workdir"])
    os.umask(0o077)


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print("usage: python -m labkit.grading.launcher CONFIG.json -- COMMAND ...", file=sys.stderr)
        return 2
    with open(argv[0]) as f:
        config = json.load(f)
    try:
        apply(config)
    except OSError as exc:
        print(f"labkit sandbox: could not apply a protection: {exc}", file=sys.stderr)
        return 3
    command = argv[2:]
    os.execve(command[0], command, config.get("env", {}))
    return 0  # pragma: no cover - execve does not return


if __name__ == "__main__":  # pragma: no cover - exercised through real grading runs
    sys.exit(main(sys.argv[1:]))
