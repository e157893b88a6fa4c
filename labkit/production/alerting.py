"""Alerting: decide when a metric is abnormal, and page a person only when it stays abnormal.

Two ideas, in two halves of this module.

**Anomaly scores against a rolling baseline.** A fixed threshold ("p95 > 800 ms") needs someone to know the normal
level, and the normal level moves (traffic by hour, a new model). A z-score says how unusual a point is *relative to
its own recent past*: ``z = (value - baseline) / scale``. Two rules make it work on real metrics:

* the baseline comes from the points *before* the current one, so a spike cannot hide itself by raising its own
  baseline;
* the baseline is *robust*: :func:`robust_zscores` uses the rolling median and the median absolute deviation (MAD,
  times 1.4826 so it estimates a standard deviation when the data are normal). A mean and a standard deviation are
  dragged by the very outliers you are looking for: one spike inflates the scale and masks the next one.
  Iglewicz and Hoaglin suggest flagging ``|z| > 3.5`` on this robust score. :func:`ewma_zscores` is the cheaper
  streaming alternative (exponentially weighted mean and variance: recent points count more, no window to keep).

>>> [round(z, 1) if z is not None else None for z in robust_zscores([10, 11, 9, 10, 11, 10, 50], window=5)]
[None, None, None, None, None, 0.0, 27.0]

**Alert rules with a for-duration and a cooldown.** A page that fires on one bad sample trains people to ignore
pages. An :class:`AlertRule` (Prometheus-style) compares a metric with a threshold; a breach makes the rule
**pending**, and only a breach that lasts ``for_seconds`` makes it **firing** (one notification). When the metric
recovers the rule **resolves** (a second notification); a pending rule that recovers was a blip and says nothing.
For ``cooldown`` seconds after a page (a firing notification) the same rule may go firing again but stays silent,
and so does that episode's resolution (counted in ``suppressed``): a flapping metric pages once, not every minute.
A cooldown is a guard against flapping, not a filter: a noisy page can mute the real incident that follows it.
Time comes from the injected ``clock``.

>>> from labkit.clock import FakeClock
>>> clock = FakeClock()
>>> alerter = Alerter([AlertRule("slow", "p95_ms", ">", 800, for_seconds=60)], clock=clock)
>>> for value in [900, 950, 990, 300]:
...     for event in alerter.observe("p95_ms", value):
...         print(event.at, event.kind, event.value)
...     clock.advance(30)
60.0 firing 990.0
90.0 resolved 300.0

Feed a z-score to a rule (``AlertRule("latency anomaly", "latency_z", ">", 3.5, for_seconds=120)``) to alert on
"unusual for this service" instead of a fixed level. Left out: seasonality (compare with the same hour last week),
alert grouping and routing (Alertmanager's job), multi-window burn-rate alerts on SLOs, and missing data (a rule
is evaluated only when its metric is observed, so a dead exporter stays silent: alert on its absence separately).
"""

from __future__ import annotations

import math
import operator
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from labkit.errors import InvalidInputError

MAD_TO_SIGMA = 1.4826
"""MAD times this estimates the standard deviation of normally distributed data (1 / Φ⁻¹(3/4))."""

OK, PENDING, FIRING = "ok", "pending", "firing"
_OPERATORS = {">": operator.gt, ">=": operator.ge, "<": operator.lt, "<=": operator.le}


# -- anomaly scores ----------------------------------------------------------------------------------------------


def _series(values: Sequence[float]):
    import pandas as pd

    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise InvalidInputError(f"values must be a sequence of numbers, got {type(values).__name__}.")
    try:
        series = pd.Series(list(values), dtype=float)
    except (TypeError, ValueError) as exc:
        raise InvalidInputError(f"values must be numbers: {exc}") from None
    if series.isna().any():
        raise InvalidInputError("values contain NaN or None; drop or fill missing samples first.")
    return series


def _zscores(series, baseline, scale, min_scale: float) -> list[float | None]:
    out: list[float | None] = []
    for value, center, spread in zip(series, baseline, scale):
        if math.isnan(center) or math.isnan(spread):
            out.append(None)  # still warming up: not enough history for a baseline
            continue
        spread = max(spread, min_scale)
        if spread == 0:
            out.append(0.0 if value == center else math.copysign(math.inf, value - center))
        else:
            out.append(float((value - center) / spread))
    return out


def robust_zscores(values: Sequence[float], window: int = 20, min_periods: int | None = None,
                   min_scale: float = 0.0) -> list[float | None]:
    """Robust z-score of each value against the median and MAD of the ``window`` values before it.

    ``None`` while fewer than ``min_periods`` (default ``window``) earlier values exist. ``min_scale`` is the
    smallest spread you consider real, in the metric's units: a metric that sat perfectly flat has MAD 0, and any
    change would otherwise score infinity.

    >>> robust_zscores([5, 5, 5, 6], window=3), robust_zscores([5, 5, 5, 6], window=3, min_scale=0.5)
    ([None, None, None, inf], [None, None, None, 2.0])
    """
    import numpy as np

    if not isinstance(window, int) or window < 2:
        raise InvalidInputError(f"window must be an integer >= 2, got {window!r}.")
    min_periods = window if min_periods is None else min_periods
    if not isinstance(min_periods, int) or not 2 <= min_periods <= window:
        raise InvalidInputError(f"min_periods must be an integer in [2, window], got {min_periods!r}.")
    series = _series(values)
    past = series.shift(1).rolling(window, min_periods=min_periods)  # shift: the current point is not its baseline
    median = past.median()
    mad = past.apply(lambda w: np.nanmedian(np.abs(w - np.nanmedian(w))), raw=True)  # nan: the first point has no past
    return _zscores(series, median, MAD_TO_SIGMA * mad, min_scale)


def ewma_zscores(values: Sequence[float], alpha: float = 0.1, min_periods: int = 10,
                 min_scale: float = 0.0) -> list[float | None]:
    """z-score of each value against the exponentially weighted mean and standard deviation of the values before it.

    ``alpha`` is the weight of the newest point (0.1: roughly the last 20 points matter). Cheap to keep per metric
    (two numbers), but not robust: a spike raises the variance for a while and can mask a second spike.

    >>> [round(z, 1) for z in ewma_zscores([10, 12, 10, 12, 10, 12, 30], alpha=0.5, min_periods=6)[6:]]
    [16.1]
    """
    if not 0 < alpha <= 1:
        raise InvalidInputError(f"alpha must be in (0, 1], got {alpha!r}.")
    if not isinstance(min_periods, int) or min_periods < 2:
        raise InvalidInputError(f"min_periods must be an integer >= 2, got {min_periods!r}.")
    series = _series(values)
    weighted = series.ewm(alpha=alpha, adjust=False, min_periods=min_periods)
    mean, std = weighted.mean().shift(1), weighted.std().shift(1)
    return _zscores(series, mean, std, min_scale)


def find_anomalies(scores: Sequence[float | None], threshold: float = 3.5) -> list[int]:
    """Indices whose score is beyond ``threshold`` in either direction (warm-up ``None`` never is).

    >>> find_anomalies([None, 0.2, -4.1, 3.5, 9.0])
    [2, 4]
    """
    if threshold <= 0:
        raise InvalidInputError(f"threshold must be > 0, got {threshold!r}.")
    return [i for i, z in enumerate(scores) if z is not None and abs(z) > threshold]


# -- alert rules ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertRule:
    """Fire when ``metric op threshold`` has held for ``for_seconds``; stay silent for ``cooldown`` after a page."""

    name: str
    metric: str
    op: str
    threshold: float
    for_seconds: float = 0.0
    cooldown: float = 0.0

    def __post_init__(self) -> None:
        if self.op not in _OPERATORS:
            raise InvalidInputError(f"Rule {self.name!r}: op must be one of {sorted(_OPERATORS)}, got {self.op!r}.")
        if self.for_seconds < 0 or self.cooldown < 0:
            raise InvalidInputError(f"Rule {self.name!r}: for_seconds and cooldown must be >= 0 seconds.")

    def breached(self, value: float) -> bool:
        """Does ``value`` break the rule?

        >>> AlertRule("r", "m", ">=", 5).breached(5), AlertRule("r", "m", ">", 5).breached(5)
        (True, False)
        """
        return _OPERATORS[self.op](value, self.threshold)


@dataclass(frozen=True)
class AlertEvent:
    """A notification: ``kind`` is ``"firing"`` or ``"resolved"``, at clock time ``at``, with the value that decided."""

    at: float
    rule: str
    kind: str
    value: float


@dataclass
class _RuleState:
    state: str = OK
    since: float = 0.0
    notified: bool = False  # did this firing episode page someone (False: muted by the cooldown)
    last_page: float | None = None


@dataclass
class Alerter:
    """Evaluates its rules on each observed metric value; returns (and keeps, and passes to ``notify``) the events."""

    rules: list[AlertRule]
    clock: Callable[[], float] = time.monotonic
    notify: Callable[[AlertEvent], None] | None = None
    events: list[AlertEvent] = field(default_factory=list)
    suppressed: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        names = [rule.name for rule in self.rules]
        if len(set(names)) != len(names):
            raise InvalidInputError(f"Rule names must be unique, got {names}.")
        self._states = {rule.name: _RuleState() for rule in self.rules}

    def state(self, rule: str) -> str:
        """``"ok"``, ``"pending"`` or ``"firing"``."""
        if rule not in self._states:
            raise InvalidInputError(f"No rule named {rule!r}; rules: {sorted(self._states)}.")
        return self._states[rule].state

    def observe(self, metric: str, value: float) -> list[AlertEvent]:
        """One sample of ``metric`` at the clock's current time: advance every rule on that metric."""
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            raise InvalidInputError(f"{metric}: a sample must be a number, got {value!r}.")
        now = self.clock()
        emitted: list[AlertEvent] = []
        for rule in self.rules:
            if rule.metric == metric:
                event = self._step(rule, self._states[rule.name], float(value), now)
                if event is not None:
                    emitted.append(event)
        for event in emitted:
            self.events.append(event)
            if self.notify:
                self.notify(event)
        return emitted

    def _step(self, rule: AlertRule, s: _RuleState, value: float, now: float) -> AlertEvent | None:
        if not rule.breached(value):
            was_notified = s.state == FIRING and s.notified
            s.state, s.notified = OK, False  # a pending rule that recovers was a blip: nothing to say
            return AlertEvent(now, rule.name, "resolved", value) if was_notified else None
        if s.state == OK:
            s.state, s.since = PENDING, now
        if s.state == PENDING and now - s.since >= rule.for_seconds:
            s.state = FIRING
            if s.last_page is not None and now - s.last_page < rule.cooldown:
                self.suppressed[rule.name] = self.suppressed.get(rule.name, 0) + 1
                return None
            s.notified, s.last_page = True, now
            return AlertEvent(now, rule.name, "firing", value)
        return None
