def sandbox_reply(run, host):
    def hide(text):
        for folder in host:
            text = text.replace(folder, "<python>")
        return text

    # Plausible mistake: the status comes from the exit code alone. A stopped run has no exit code, no error and
    # some output, so it reads as a success, and its partial printout as the whole answer.
    if run["returncode"] in (0, None):
        status, error = "ok", None
    else:
        lines = [line for line in run["stderr"].splitlines() if line.strip()]
        status, error = "failed", hide(lines[-1].strip()) if lines else f"exit code {run['returncode']}"
    return {"status": status, "partial": run["truncated"], "error": error, "stdout": hide(run["stdout"].rstrip()),
            "files": [f"{name} ({size} bytes)" for name, size in sorted(run["files"].items())]}
