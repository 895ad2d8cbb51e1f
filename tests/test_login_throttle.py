"""The login throttle's policy (pure) and its counts in the store (both stores)."""
from __future__ import annotations

from dataclasses import replace

import pytest

from graphsvc import login_throttle as lt
from graphsvc.login_throttle import ThrottlePolicy, wait_for

POLICY = ThrottlePolicy(free=3, max_delay=60, window=3600, client_ceiling=5, account_ceiling=5)


def test_waits_double_after_the_free_failures_and_are_capped():
    assert wait_for([0.0, 1.0], 1.0, POLICY) == 0
    assert wait_for([0.0, 1.0, 2.0], 2.0, POLICY) == 1
    assert wait_for([0.0, 1.0, 2.0, 3.0], 3.0, POLICY) == 2
    assert wait_for([0.0, 1.0, 2.0, 3.0], 5.0, POLICY) == 0  # waited long enough since the last
    assert wait_for([float(t) for t in range(30)], 29.0, POLICY) == 60
    assert wait_for([0.0, 1.0, 2.0, 3.0], 3.0, replace(POLICY, first_delay=5)) == 10


def test_a_hot_client_or_account_leaves_one_free_failure_and_old_failures_are_forgotten():
    assert wait_for([], 0.0, POLICY, hot=True) == 0  # a pair that never failed is never held
    assert wait_for([0.0], 0.0, POLICY, hot=True) == 1
    assert wait_for([0.0, 1.0, 2.0], 3600.0 + 2.0, POLICY) == 0


def test_keys_are_hashed_and_tell_pair_client_and_account_apart():
    a, b = lt.keys_of("Eve@Example.com ", "203.0.113.9"), lt.keys_of("eve@example.com", "198.51.100.7")
    assert a.account == b.account and a.pair != b.pair and a.client != b.client
    assert "eve" not in a.pair + a.client + a.account and "203" not in a.client


def _fail(store, email, client, now, policy=POLICY):
    attempt = lt.begin(store, email, client, policy, now)
    if attempt.wait == 0:
        lt.failed(store, attempt, policy, now)
    return attempt


def test_the_pair_waits_but_the_same_account_from_elsewhere_does_not(store):
    for i in range(3):
        assert _fail(store, "eve@example.com", "203.0.113.9", 100.0 + i).wait == 0
    assert lt.begin(store, "eve@example.com", "203.0.113.9", POLICY, 102.5).wait == pytest.approx(0.5)
    victim = lt.begin(store, "eve@example.com", "198.51.100.7", POLICY, 102.5)
    assert victim.wait == 0
    lt.succeeded(store, victim)
    assert store.find_records(lt.KIND, pair=victim.keys.pair) == []
    assert len(store.find_records(lt.KIND)) == 3  # the refused attempt was not kept
    assert store.counts()["nodes"] == {}  # bookkeeping, not part of the organisation


def test_ceilings_only_slow_pairs_that_failed(store):
    for i in range(POLICY.client_ceiling):  # spraying many accounts from one address
        _fail(store, f"guess{i}@example.com", "203.0.113.9", 100.0)
    assert lt.begin(store, "eve@example.com", "203.0.113.9", POLICY, 100.0).wait == 0
    assert lt.begin(store, "guess0@example.com", "203.0.113.9", POLICY, 100.0).wait == 1


def test_the_sweep_forgets_attempts_older_than_the_window(store):
    for i in range(3):
        _fail(store, "eve@example.com", "203.0.113.9", 100.0)
    assert lt.sweep(store, POLICY, 100.0 + POLICY.window - 1) == 0
    assert lt.sweep(store, POLICY, 100.0 + POLICY.window) == 3
    assert store.find_records(lt.KIND) == []
