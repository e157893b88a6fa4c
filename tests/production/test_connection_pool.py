"""Connection pool: reuse, the size cap, acquire timeouts, health checks, recycling by uses and by age, SQLite."""

from __future__ import annotations

import itertools
import sqlite3
import threading

import pytest

from labkit.errors import InvalidInputError, PoolTimeoutError
from labkit.production.clock import FakeClock
from labkit.production.pool import ConnectionPool, sqlite_pool


class Conn:
    """A stand-in for a provider client: numbered, closable, and able to die while idle."""

    numbers = itertools.count(1)

    def __init__(self):
        self.number = next(Conn.numbers)
        self.alive = True
        self.closed = False

    def close(self):
        self.closed = True


def make_pool(**options):
    opened: list[Conn] = []

    def factory():
        opened.append(Conn())
        return opened[-1]

    options.setdefault("health_check", lambda c: c.alive)
    return ConnectionPool(factory, **options), opened


def test_sequential_callers_share_one_connection():
    pool, opened = make_pool(max_size=3)
    for _ in range(10):
        with pool.connection() as conn:
            assert conn is opened[0]
    assert len(opened) == 1
    assert pool.stats.as_dict() == {"checkouts": 10, "created": 1, "reused": 9, "waits": 0, "timeouts": 0,
                                    "peak_in_use": 1, "recycled": {}, "reuse_rate": 0.9}
    assert (pool.in_use, pool.idle) == (0, 1)


def test_the_cap_holds_and_a_full_pool_times_out():
    pool, opened = make_pool(max_size=2, acquire_timeout=0)
    a, b = pool.acquire(), pool.acquire()
    with pytest.raises(PoolTimeoutError, match="all 2 connection"):
        pool.acquire()
    assert len(opened) == 2 and pool.stats.timeouts == 1 and pool.stats.waits == 1 and pool.stats.peak_in_use == 2
    pool.release(a)
    assert pool.acquire() is a  # the returned one, not a third
    pool.release(b)


def test_a_waiting_caller_gets_the_connection_another_thread_releases():
    pool, opened = make_pool(max_size=1, acquire_timeout=30)
    held = pool.acquire()
    waiting = threading.Event()
    got: list[Conn] = []

    def caller():
        waiting.set()
        got.append(pool.acquire())

    thread = threading.Thread(target=caller)
    thread.start()
    waiting.wait()
    pool.release(held)  # whether or not the caller is already waiting, it must get this connection
    thread.join(timeout=30)
    assert got == [held] and len(opened) == 1


def test_lifo_lends_the_most_recently_returned_connection():
    pool, opened = make_pool(max_size=3)
    a, b = pool.acquire(), pool.acquire()
    pool.release(a)
    pool.release(b)
    assert pool.acquire() is b


def test_a_dead_idle_connection_is_replaced_before_anyone_sees_it():
    pool, opened = make_pool(max_size=2)
    with pool.connection() as conn:
        pass
    conn.alive = False  # the server dropped it while it sat idle
    with pool.connection() as fresh:
        assert fresh is not conn and fresh.alive
    assert conn.closed and pool.stats.recycled == {"failed_check": 1} and pool.stats.created == 2


def test_a_raising_health_check_counts_as_dead():
    pool, opened = make_pool(health_check=lambda c: 1 / 0 if c.number == opened[0].number else True)
    with pool.connection():
        pass
    with pool.connection() as second:
        assert second is opened[1]
    assert pool.stats.recycled == {"failed_check": 1}


def test_recycle_after_max_uses():
    pool, opened = make_pool(max_uses=3)
    for _ in range(7):
        with pool.connection():
            pass
    assert len(opened) == 3 and [c.closed for c in opened] == [True, True, False]
    assert pool.stats.recycled == {"max_uses": 2}


def test_recycle_after_max_age_on_the_injected_clock():
    clock = FakeClock()
    pool, opened = make_pool(max_age=300, clock=clock)
    with pool.connection():
        pass
    clock.advance(299)
    with pool.connection() as conn:
        assert conn is opened[0]
    clock.advance(1)  # 300 s old: retired at the next checkout
    with pool.connection() as conn:
        assert conn is opened[1]
    assert opened[0].closed and pool.stats.recycled == {"max_age": 1}


def test_a_connection_that_aged_while_lent_is_closed_on_release():
    clock = FakeClock()
    pool, opened = make_pool(max_age=10, clock=clock)
    with pool.connection():
        clock.advance(11)
    assert opened[0].closed and pool.idle == 0 and pool.stats.recycled == {"max_age": 1}


def test_an_exception_inside_the_block_discards_the_connection():
    pool, opened = make_pool()
    with pytest.raises(RuntimeError):
        with pool.connection():
            raise RuntimeError("half a transaction")
    assert opened[0].closed and pool.idle == 0 and pool.stats.recycled == {"broken": 1}
    with pool.connection() as conn:
        assert conn is opened[1]


def test_a_failing_factory_frees_its_slot():
    calls = []

    def flaky():
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("refused")
        return Conn()

    pool = ConnectionPool(flaky, max_size=1, acquire_timeout=0)
    with pytest.raises(ConnectionError):
        pool.acquire()
    assert isinstance(pool.acquire(), Conn)  # the slot was given back, so no timeout


def test_release_checks_ownership_and_close_closes():
    pool, opened = make_pool()
    with pytest.raises(InvalidInputError, match="did not lend"):
        pool.release(Conn())
    conn = pool.acquire()
    pool.release(conn)
    with pytest.raises(InvalidInputError, match="released already"):
        pool.release(conn)
    lent = pool.acquire()
    pool.close()
    pool.release(lent)
    assert lent.closed
    with pytest.raises(InvalidInputError, match="closed"):
        pool.acquire()


@pytest.mark.parametrize("options, match", [
    ({"max_size": 0}, "max_size"), ({"acquire_timeout": -1}, "acquire_timeout"),
    ({"max_uses": 0}, "max_uses"), ({"max_age": 0}, "max_age"),
])
def test_bad_settings_are_clear_errors(options, match):
    with pytest.raises(InvalidInputError, match=match):
        ConnectionPool(Conn, **options)
    with pytest.raises(InvalidInputError, match="factory"):
        ConnectionPool("sqlite:///x")


def test_threads_never_exceed_the_cap():
    pool, opened = make_pool(max_size=3, acquire_timeout=30)
    barrier = threading.Barrier(8)

    def worker():
        barrier.wait()
        for _ in range(25):
            with pool.connection():
                pass

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(opened) <= 3 and pool.stats.peak_in_use <= 3
    assert pool.stats.checkouts == 200 and pool.stats.created + pool.stats.reused == 200


def test_sqlite_pool_shares_one_file_and_replaces_a_closed_connection(tmp_path):
    path = tmp_path / "app.sqlite"
    with sqlite_pool(path, max_size=2) as pool:
        with pool.connection() as db:
            db.execute("CREATE TABLE hits (n INTEGER)")
            db.execute("INSERT INTO hits VALUES (1)")
            db.commit()
        with pool.connection() as db:
            first = db
            assert db.execute("SELECT n FROM hits").fetchall() == [(1,)]
        first.close()  # dies while idle
        with pool.connection() as db:
            assert db is not first and db.execute("SELECT count(*) FROM hits").fetchone() == (1,)
        assert pool.stats.recycled == {"failed_check": 1} and pool.stats.reused == 1
    with pytest.raises(sqlite3.ProgrammingError):
        db.execute("SELECT 1")  # closing the pool closed its idle connections
    with pytest.raises(InvalidInputError, match="memory"):
        sqlite_pool(":memory:")
