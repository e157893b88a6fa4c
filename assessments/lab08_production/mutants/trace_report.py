from labkit.production.correlation import correlate


def trace_report(records, trace_id):
    trace = correlate(records)[trace_id]
    # Plausible mistake: the first error line *in the file* is taken as the first error, but lines arrive out of
    # order (each service ships its own logs), so it is often a consequence, not the cause.
    first = next((r for r in records if r.get("trace_id") == trace_id and r["kind"] == "log"
                  and r["level"] in ("ERROR", "CRITICAL") and r["span_id"] in trace.spans), None)
    return {"tree": trace.tree(),
            "slowest_path": [span.name for span in trace.slowest_path()],
            "first_error": None if first is None else {
                "path": [span.name for span in trace.path_to(first["span_id"])], "message": first["message"]},
            "orphan_logs": len(trace.orphan_logs)}
