import pandas as pd

from labkit.production.alerting import Alerter, AlertRule
from labkit.production.clock import FakeClock


def alert_pages(latencies, window, for_minutes, cooldown_minutes):
    # Plausible mistake: the classic mean/standard-deviation z-score; the outliers inflate their own baseline.
    series = pd.Series(latencies, dtype=float)
    past = series.shift(1).rolling(window)
    scores = [None if pd.isna(z) else float(z) for z in (series - past.mean()) / past.std()]
    clock = FakeClock()
    rule = AlertRule("latency anomaly", "latency_z", ">", 3.5, for_seconds=60 * for_minutes,
                     cooldown=60 * cooldown_minutes)
    alerter = Alerter([rule], clock=clock)
    for minute, z in enumerate(scores):
        clock.advance(60 * minute - clock())
        if z is not None:
            alerter.observe("latency_z", z)
    return {"anomalies": [i for i, z in enumerate(scores) if z is not None and abs(z) > 3.5],
            "pages": [[int(event.at // 60), event.kind] for event in alerter.events],
            "muted": alerter.suppressed.get("latency anomaly", 0)}
