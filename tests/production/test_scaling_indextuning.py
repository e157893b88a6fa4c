"""Capacity arithmetic and vector-index sweeps against exact references."""

from __future__ import annotations

import numpy as np
import pytest

from labkit.errors import InvalidInputError
from labkit.production.indextuning import clustered_vectors, exact_neighbours, recall_at_k, sweep_hnsw, sweep_ivf
from labkit.production.scaling import (Region, downtime_per_year, holt_forecast, parallel_availability, plan_regions,
                                       replicas_needed, series_availability)


def test_littles_law_replicas():
    assert replicas_needed(10, 1.0, 10, 1.0) == 1
    assert replicas_needed(10, 1.0, 10, 0.5) == 2
    assert replicas_needed(0, 1.0, 4) == 1
    with pytest.raises(InvalidInputError):
        replicas_needed(1, 0, 1)


def test_availability_composition():
    assert parallel_availability([0.9, 0.9, 0.9]) == pytest.approx(0.999)
    assert series_availability([0.9, 0.5]) == pytest.approx(0.45)
    assert downtime_per_year(1.0) == 0
    with pytest.raises(InvalidInputError):
        parallel_availability([1.2])


def test_plan_regions_with_failover_headroom():
    regions = [Region("eu", 30, 20, 2.0), Region("us", 50, 25, 1.5)]
    rows = plan_regions(regions, latency_s=2.0, slots_per_replica=10, availability_each=0.99)
    assert [r["replicas"] for r in rows] == [replicas_needed(80, 2.0, 10)] * 2
    lean = plan_regions(regions, 2.0, 10, 0.99, failover_headroom=False)
    assert lean[0]["replicas"] == replicas_needed(30, 2.0, 10) < rows[0]["replicas"]


def test_holt_follows_a_linear_trend_exactly():
    assert holt_forecast([1, 2, 3, 4], horizon=3) == pytest.approx([5, 6, 7])
    with pytest.raises(InvalidInputError):
        holt_forecast([1], 1)


def test_ivf_recall_grows_with_nprobe_and_is_exact_when_probing_all_cells():
    base, queries = clustered_vectors(800, 16, 8, seed=0), clustered_vectors(30, 16, 8, seed=1)
    rows = sweep_ivf(base, queries, k=5, nlist=8, nprobes=[1, 2, 8])
    recalls = [r["recall@k"] for r in rows]
    assert recalls == sorted(recalls) and rows[-1]["recall@k"] == 1.0 and rows[-1]["scanned"] == 1.0
    exact = exact_neighbours(base, queries, 5)
    brute = np.argsort(-(queries @ base.T), axis=1)[:, :5]
    assert recall_at_k(exact.tolist(), brute.tolist()) == 1.0  # faiss flat agrees with numpy
    hnsw = sweep_hnsw(base, queries, k=5, m=8, ef_searches=[4, 64])
    assert hnsw[0]["recall@k"] <= hnsw[1]["recall@k"]
    with pytest.raises(InvalidInputError):
        sweep_ivf(base, queries, 5, nlist=0, nprobes=[1])
