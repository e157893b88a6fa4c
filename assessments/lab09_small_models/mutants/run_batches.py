from labkit.small import process_grouped


def run_batches(requests, batch_size, threshold):
    # Plausible mistake: "similar" taken to mean "same first word" -- cheaper than term overlap, and wrong.
    report = run_async(process_grouped(requests, label_request, batch_size=batch_size, max_concurrency=2,
                                       key=lambda r: r.split()[0].lower()))
    return {"groups": report.groups, "batches": report.batches,
            "batch_of": [r.batch for r in report.results], "outputs": report.outputs,
            "failed": [r.index for r in report.failed]}
