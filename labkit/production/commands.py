"""``labkit guard`` and ``labkit audit-verify``: the guardrails and the audit chain from the command line.

``labkit guard "text"`` (or ``-`` for stdin) prints the PII found, the redacted text and the prompt-injection score
with its signals; ``--json`` for machines. ``labkit audit-verify FILE [--head HASH]`` recomputes an audit log's
hash chain (HMAC key from the environment variable named by ``--key-env``) and exits 1 if it was altered.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from labkit.errors import InvalidInputError


def cmd_guard(args: argparse.Namespace) -> int:
    from labkit.production.injection import detect_injection
    from labkit.production.pii import redact

    text = sys.stdin.read() if args.text == "-" else args.text
    r = redact(text)
    v = detect_injection(text, threshold=args.threshold)
    out = {"redacted": r.text, "pii": r.counts, "injection": {"score": v.score, "flagged": v.flagged,
                                                               "signals": list(v.signals)}}
    if args.json:
        print(json.dumps(out, indent=2))
    else:
        print(f"redacted:  {r.text}")
        print(f"pii:       {r.counts or 'none'}")
        print(f"injection: score {v.score} ({'FLAGGED' if v.flagged else 'ok'}) {', '.join(v.signals)}")
    return 1 if v.flagged else 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from labkit.production.audit import AuditLog

    if not os.path.exists(args.path):
        raise InvalidInputError(f"No audit log at {args.path}: pass the SQLite file an AuditLog wrote.")
    key = None
    if args.key_env:
        if args.key_env not in os.environ:
            raise InvalidInputError(f"The environment variable {args.key_env} (the HMAC key) is not set.")
        key = os.environ[args.key_env].encode()
    log = AuditLog(args.path, key=key)
    result = log.verify(args.head)
    if result.ok:
        print(f"ok: {result.checked} entries verify; head {log.head()}")
        return 0
    print(f"ALTERED at entry {result.first_bad}: {result.reason} ({result.checked} entries verified before it)")
    return 1


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("guard", help="check text for personal data and prompt injection")
    p.add_argument("text", help="the text to check, or - to read stdin")
    p.add_argument("--threshold", type=float, default=0.5, help="injection score that flags (default 0.5)")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_guard)

    p = subparsers.add_parser("audit-verify", help="verify an audit log's hash chain")
    p.add_argument("path", help="the audit log's SQLite file")
    p.add_argument("--head", help="the head hash published earlier (detects removed entries)")
    p.add_argument("--key-env", help="environment variable holding the HMAC key, if the log was keyed")
    p.set_defaults(func=cmd_audit_verify)
