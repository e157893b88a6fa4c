"""The production benchmarks run and pass their own checks on a small workload."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks"


def _load(name):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("balancer", ["least_latency", "round_robin", "weighted"])
def test_proxy_load_benchmark_small(balancer, capsys):
    assert _load("bench_proxy_load").main(["--requests", "60", "--balancer", balancer, "--reset-timeout", "0.05"]) == 0
    assert "unhandled_errors: 0" in capsys.readouterr().out


def test_cache_benchmark_small(capsys, tmp_path):
    out = tmp_path / "cache.json"
    assert _load("bench_cache").main(["--queries", "30", "--distinct", "6", "--thresholds", "0.7,0.8",
                                      "--json", str(out)]) == 0
    import json

    result = json.loads(out.read_text())
    assert {r["backend"] for r in result["exact"]} == {"memory", "sqlite", "tiered"}
    assert all(0 < r["hit_rate"] < 1 for r in result["exact"])
    assert [r["threshold"] for r in result["semantic"]] == [0.7, 0.8]
