"""Grouped batching: grouping, input-order results, bounded concurrency, per-item and per-batch error isolation."""

from __future__ import annotations

import asyncio

import pytest

from labkit.errors import InvalidInputError
from labkit.llm import ScriptedChatModel, Timeout, get_model
from labkit.small.batching import BatchReport, group_requests, process_grouped, run_grouped


def test_grouping_by_overlap_and_by_key():
    reqs = ["convert 5 miles to km", "weather in Oslo today", "convert 9 miles to km", "weather in Oslo tomorrow"]
    assert group_requests(reqs, threshold=0.4) == [[0, 2], [1, 3]]
    assert group_requests(reqs, threshold=1.0) == [[0], [1], [2], [3]]
    assert group_requests(reqs, threshold=0.0) == [[0, 1, 2, 3]]
    assert group_requests(reqs, key=lambda r: r.split()[0]) == [[0, 2], [1, 3]]
    assert group_requests([]) == []


async def test_results_keep_input_order_and_batches_split_groups():
    async def handler(text):
        await asyncio.sleep(0.001 * (len(text) % 3))
        return text.upper()

    reqs = [f"convert {i} miles" if i % 2 else f"weather day {i}" for i in range(10)]
    report = await process_grouped(reqs, handler, batch_size=2, max_concurrency=3, threshold=0.3)
    assert isinstance(report, BatchReport)
    assert report.outputs == [r.upper() for r in reqs]
    assert report.groups == 2 and report.batches == 6  # 5 + 5 items in batches of 2 -> 3 + 3
    assert {r.group for r in report.results if "convert" in r.request} == {report.results[1].group}


async def test_concurrency_is_bounded_and_used():
    live = 0
    seen = []

    async def handler(text):
        nonlocal live
        live += 1
        seen.append(live)
        await asyncio.sleep(0.01)
        live -= 1
        return text

    reqs = [f"request number {i}" for i in range(12)]
    report = await process_grouped(reqs, handler, batch_size=1, max_concurrency=3, threshold=1.0)
    assert report.max_in_flight == 3 and max(seen) == 3
    single = await process_grouped(reqs, handler, batch_size=1, max_concurrency=1, threshold=1.0)
    assert single.max_in_flight == 1


async def test_one_bad_item_fails_alone():
    def handler(text):
        if "bad" in text:
            raise ValueError(f"cannot handle {text!r}")
        return len(text)

    report = await process_grouped(["ok one", "bad two", "ok three"], handler, batch_size=3, threshold=0.0)
    assert report.outputs == [6, None, 8]
    assert [r.index for r in report.failed] == [1]
    assert report.failed[0].error.startswith("ValueError: cannot handle 'bad two'")
    assert report.success_rate == pytest.approx(2 / 3)


async def test_chat_model_batches_isolate_model_faults():
    model = ScriptedChatModel(replies=["first", Timeout(), "third"])
    report = await process_grouped(["a", "b", "c"], model, batch_size=3, max_concurrency=1, threshold=0.0)
    # abatch runs the three calls concurrently, so which one hits the timeout is not fixed: count outcomes.
    assert sorted(o for o in report.outputs if o) == ["first", "third"]
    assert len(report.failed) == 1 and "ModelTimeoutError" in report.failed[0].error


async def test_a_batch_that_fails_as_a_whole_only_fails_its_items():
    class Flaky:
        def __init__(self):
            self.calls = 0

        async def abatch(self, inputs, config=None, return_exceptions=False):
            self.calls += 1
            if any("boom" in i for i in inputs):
                raise ConnectionError("server dropped the batch")
            return [i[::-1] for i in inputs]

    report = await process_grouped(["boom x", "boom y", "calm a", "calm b"], Flaky(), batch_size=2,
                                   key=lambda r: r.split()[0])
    assert report.outputs == [None, None, "a mlac", "b mlac"]
    assert all("ConnectionError" in r.error for r in report.failed)


async def test_offline_model_with_a_prompt_template():
    reqs = ["Loved it, works great", "Broke after a day", "Fantastic value, love it"]
    report = await process_grouped(
        reqs, get_model(), prompt=lambda r: f"Classify the review into one of: positive, negative.\nReview: {r}")
    assert report.outputs == ["positive", "negative", "positive"], [r.error for r in report.results]
    assert report.success_rate == 1.0


def test_sync_wrapper_and_its_guard():
    report = run_grouped(["x", "y"], lambda t: t * 2, threshold=1.0)
    assert report.outputs == ["xx", "yy"]

    async def inside_a_loop():
        with pytest.raises(InvalidInputError, match="await process_grouped"):
            run_grouped(["x"], str)

    asyncio.run(inside_a_loop())


@pytest.mark.parametrize(
    "kwargs",
    [
        {"requests": "one string"},
        {"requests": [1, 2]},
        {"batch_size": 0},
        {"max_concurrency": 0},
        {"max_concurrency": True},
        {"threshold": 1.5},
        {"handler": 42},
    ],
)
async def test_bad_inputs(kwargs):
    args = {"requests": ["a"], "handler": str, **kwargs}
    requests, handler = args.pop("requests"), args.pop("handler")
    with pytest.raises(InvalidInputError):
        await process_grouped(requests, handler, **args)
