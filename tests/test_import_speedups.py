"""The short cuts imports take for speed give what the plain way gives."""
from __future__ import annotations

import gc
import random
import threading

import pytest

from graphsvc.model import sorted_keys
from importers.run import collector_paused


@pytest.mark.parametrize("seed", range(5))
def test_sorted_keys_is_tuple_order(seed):
    rng = random.Random(seed)
    parts = ["", "a", "b", "ab", "a\0", "\0", "\x01", "é", "😀", "E001", "E0010"]
    for _ in range(500):
        width = rng.randint(1, 6)
        keys = list({tuple(rng.choice(parts) + rng.choice(parts) for _ in range(width)) for _ in range(rng.randint(0, 30))})
        assert sorted_keys(keys) == sorted(keys)


def test_sorted_keys_sorts_keys_it_cannot_join_as_tuples():
    assert sorted_keys([("b", 1), ("a", 2)]) == [("a", 2), ("b", 1)]  # a part that is not text
    assert sorted_keys([("a\0", "b"), ("a", "b", "c")]) == [("a", "b", "c"), ("a\0", "b")]  # unequal lengths
    assert sorted_keys([]) == []


def test_the_collector_is_paused_during_imports_and_restored_by_the_last_one():
    assert gc.isenabled()
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    def first():
        with collector_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with collector_paused():
            second_in.set()
            first_out.wait(5)
            seen["after the first left"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert seen == {"after the first left": False}
    assert gc.isenabled()


def test_a_collector_off_before_an_import_stays_off():
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_import_that_fails_restores_the_collector():
    with pytest.raises(RuntimeError):
        with collector_paused():
            raise RuntimeError("boom")
    assert gc.isenabled()


@pytest.mark.parametrize("width", [0, 1, 2, 5])
def test_rows_by_position_take_each_field_from_its_cell_and_pad_short_rows(width):
    from importers.table import _rows_by_position
    rng = random.Random(width)
    records = [(n + 2, [f"c{n}.{i}" for i in range(rng.randint(0, 6))]) for n in range(200)]
    at = [(f"f{k}", i) for k, i in enumerate(rng.sample(range(6), width))]
    rows = _rows_by_position(records, at, {"f0": "F0"})
    assert [(r.line, r.values) for r in rows] == [
        (line, {field: cells[i] if i < len(cells) else "" for field, i in at}) for line, cells in records]
    assert all(r.columns == {"f0": "F0"} for r in rows)
