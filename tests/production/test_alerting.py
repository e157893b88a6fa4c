"""Anomaly scores against a rolling baseline, and alert rules with a for-duration and a cooldown."""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest

from labkit.errors import InvalidInputError
from labkit.production.alerting import (AlertEvent, Alerter, AlertRule, ewma_zscores, find_anomalies,
                                        robust_zscores)
from labkit.production.clock import FakeClock


def test_robust_zscores_match_a_hand_computed_median_and_mad():
    rng = np.random.default_rng(3)
    values = list(rng.normal(100, 5, size=60))
    window = 12
    scores = robust_zscores(values, window=window)
    assert scores[:window] == [None] * window
    for i in range(window, len(values)):
        past = values[i - window:i]
        median = statistics.median(past)
        mad = statistics.median(abs(v - median) for v in past)
        assert scores[i] == pytest.approx((values[i] - median) / (1.4826 * mad))


def test_a_spike_does_not_mask_the_next_one_with_the_robust_baseline():
    values = [100.0 + (i % 3) for i in range(30)]
    values[20] = values[23] = 400.0
    robust = robust_zscores(values, window=10)
    assert find_anomalies(robust) == [20, 23]
    # the classic mean/std score is dragged by the first spike and misses the second
    naive = []
    for i in range(10, len(values)):
        past = values[i - 10:i]
        naive.append((values[i] - statistics.mean(past)) / statistics.stdev(past))
    assert abs(naive[20 - 10]) > 3.5 and abs(naive[23 - 10]) < 3.5


def test_min_periods_shortens_the_warm_up_and_min_scale_tames_a_flat_metric():
    assert robust_zscores([1, 2, 3, 4], window=3, min_periods=2)[:2] == [None, None]
    assert robust_zscores([1, 2, 3, 4], window=3, min_periods=2)[2] is not None
    assert robust_zscores([7, 7, 7, 7, 5], window=4)[4] == -math.inf
    assert robust_zscores([7, 7, 7, 7, 7], window=4)[4] == 0.0
    assert robust_zscores([7, 7, 7, 7, 5], window=4, min_scale=1.0)[4] == -2.0


def test_ewma_zscores_against_a_hand_rolled_recursion():
    values = [10.0, 12.0, 11.0, 13.0, 12.0, 11.0, 30.0, 12.0]
    scores = ewma_zscores(values, alpha=0.3, min_periods=3)
    assert scores[:3] == [None] * 3
    mean = values[0]
    means = [mean]
    for v in values[1:]:
        mean = 0.3 * v + 0.7 * mean
        means.append(mean)
    # the baseline of point i is the weighted mean up to i - 1; a spike sits far above it
    assert scores[6] > 3.5 and values[6] > means[5]
    assert scores[7] < 0  # after the spike the baseline moved up, so a normal point now looks low


@pytest.mark.parametrize("call, match", [
    (lambda: robust_zscores([1, 2, 3], window=1), "window"),
    (lambda: robust_zscores([1, 2, 3], window=3, min_periods=4), "min_periods"),
    (lambda: robust_zscores([1, None, 3], window=2), "NaN or None"),
    (lambda: robust_zscores("123", window=2), "sequence of numbers"),
    (lambda: robust_zscores([1, "x"], window=2), "numbers"),
    (lambda: ewma_zscores([1, 2], alpha=0), "alpha"),
    (lambda: find_anomalies([1.0], threshold=0), "threshold"),
])
def test_bad_input_is_a_clear_error(call, match):
    with pytest.raises(InvalidInputError, match=match):
        call()


def replay(alerter: Alerter, clock: FakeClock, metric: str, samples):
    for at, value in samples:
        clock.advance(at - clock())
        alerter.observe(metric, value)
    return [(e.at, e.kind) for e in alerter.events]


def test_for_duration_absorbs_a_blip_and_fires_on_a_lasting_breach():
    clock = FakeClock()
    alerter = Alerter([AlertRule("errors", "error_rate", ">", 0.05, for_seconds=120)], clock=clock)
    events = replay(alerter, clock, "error_rate",
                    [(0, 0.2), (60, 0.01), (120, 0.2), (180, 0.2), (240, 0.3), (300, 0.02)])
    assert events == [(240.0, "firing"), (300.0, "resolved")]


def test_pending_and_firing_states():
    clock = FakeClock()
    alerter = Alerter([AlertRule("slow", "p95", ">=", 1.0, for_seconds=30)], clock=clock)
    alerter.observe("p95", 1.0)
    assert alerter.state("slow") == "pending"
    clock.advance(30)
    alerter.observe("p95", 2.0)
    assert alerter.state("slow") == "firing"
    alerter.observe("cpu", 99.0)  # another metric leaves the rule alone
    assert alerter.state("slow") == "firing"


def test_cooldown_mutes_a_flapping_rule_and_its_resolution():
    clock = FakeClock()
    pages: list[AlertEvent] = []
    alerter = Alerter([AlertRule("down", "up", "<", 1, cooldown=300)], clock=clock, notify=pages.append)
    samples = [(0, 0), (10, 1), (20, 0), (30, 1), (400, 0), (410, 1)]
    events = replay(alerter, clock, "up", samples)
    assert events == [(0.0, "firing"), (10.0, "resolved"), (400.0, "firing"), (410.0, "resolved")]
    assert alerter.suppressed == {"down": 1} and pages == alerter.events
    assert pages[0] == AlertEvent(0.0, "down", "firing", 0.0)


def test_rules_are_independent_and_below_threshold_rules_work():
    clock = FakeClock()
    alerter = Alerter([AlertRule("hit rate low", "hit_rate", "<", 0.5, for_seconds=10),
                       AlertRule("hit rate zero", "hit_rate", "<=", 0.0)], clock=clock)
    assert [e.rule for e in alerter.observe("hit_rate", 0.0)] == ["hit rate zero"]
    clock.advance(10)
    # events come in the order of the rules
    assert [(e.rule, e.kind) for e in alerter.observe("hit_rate", 0.3)] == [("hit rate low", "firing"),
                                                                            ("hit rate zero", "resolved")]


def test_alerting_on_an_anomaly_score():
    latencies = [0.5 + 0.01 * (i % 5) for i in range(40)] + [2.0] * 5 + [0.52] * 5
    scores = robust_zscores(latencies, window=20)
    clock = FakeClock()
    alerter = Alerter([AlertRule("latency anomaly", "latency_z", ">", 3.5, for_seconds=60)], clock=clock)
    samples = [(15 * i, z) for i, z in enumerate(scores) if z is not None]
    events = replay(alerter, clock, "latency_z", samples)
    assert events == [(15 * 44.0, "firing"), (15 * 45.0, "resolved")]


@pytest.mark.parametrize("make, match", [
    (lambda: AlertRule("r", "m", "=>", 1), "op must be"),
    (lambda: AlertRule("r", "m", ">", 1, for_seconds=-1), "for_seconds"),
    (lambda: Alerter([AlertRule("r", "m", ">", 1), AlertRule("r", "n", ">", 2)]), "unique"),
    (lambda: Alerter([AlertRule("r", "m", ">", 1)]).observe("m", "high"), "number"),
    (lambda: Alerter([AlertRule("r", "m", ">", 1)]).state("q"), "No rule"),
])
def test_bad_rules_and_samples_are_clear_errors(make, match):
    with pytest.raises(InvalidInputError, match=match):
        make()
