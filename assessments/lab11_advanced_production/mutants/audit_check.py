import tempfile
from pathlib import Path

from labkit.production.audit import AuditLog
from labkit.production.clock import FakeClock


def audit_check(actions, ops, key):
    path = Path(tempfile.mkdtemp()) / "audit.sqlite"
    log = AuditLog(path, key=key.encode() if key else None, clock=FakeClock(1_700_000_000))
    for action in actions:
        log.append("agent", action, "ticket-7")
    for op in ops:
        tamper(str(path), op)
    # Plausible mistake: verify the chain on its own. Dropping the newest entries (or rewriting the chain to
    # its end) leaves a chain that is valid in itself: only a head published elsewhere reveals it.
    result = log.verify()
    log.close()
    return {"ok": result.ok, "first_bad": result.first_bad, "checked": result.checked}
