"""The short cuts imports take for speed give what the plain way gives."""
from __future__ import annotations

import random

import pytest

from graphsvc.model import sorted_keys


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
