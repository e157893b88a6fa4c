from labkit.multiagent.runner import run_sync
from labkit.production.drill import run_drill
from labkit.production.proxy import ProxyConfig
from labkit.production.retry import RetryPolicy


def tune_proxy(settings, fault_rate, min_answered, max_opens):
    # Plausible mistake: "more answered is always better": take the most answers, whatever the calls and the flapping.
    rows = []
    for attempts, threshold in settings:
        config = ProxyConfig(max_attempts=attempts, failure_threshold=threshold, reset_timeout=10,
                             retry=RetryPolicy(base_delay=0.5, jitter="none"))
        result = run_sync(run_drill(config, fault_rate=fault_rate))
        rows.append([attempts, threshold, result["answered"], result["model_calls"], result["breaker_opens"]])
    good = [row for row in rows if row[2] >= min_answered]
    best = max(good, key=lambda row: (row[2], -row[3]), default=None)
    return {"rows": rows, "choice": best[:2] if best else None}
