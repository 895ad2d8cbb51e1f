"""The embedded store's canonical JSON: the same text, byte for byte, whichever encoder writes it."""
from __future__ import annotations

import json

import pytest

from graphsvc.embedded import _dumps

_REFERENCE = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


@pytest.mark.parametrize("props", [
    {}, {"since": "2020-01-01", "until": None, "interactions": 3, "kind": "project", "context": "Apollo"},
    {"name": "Zoë \"Z\" Ünal\\", "skills": ["python", "go"], "active": True, "level": -3, "sizes": [2, 0, 1]},
    {"b": "\x00\x1f\x7f\t\n\u2028", "a": "李小龍 😀", "é": 1, "e": 2, "Z": 3},  # escapes and key order
    {"big": 2**63 - 1, "small": -2**63},
    {"score": 0.1, "big": 1e16, "tiny": 1e-7},  # floats: orjson writes some differently
    {"summary": {"b": 1, "a": [1, {"d": 2, "c": 3}]}},  # nested objects
    {"huge": 2**70}, {"t": (1, 2)}, {"lone": "\ud800"},  # past orjson: left to the reference encoder
])
def test_dumps_is_the_reference_encoding(props):
    assert _dumps(props) == _REFERENCE(props)


def test_dumps_refuses_what_the_reference_refuses():
    for props in ({1: "x", "a": 1}, {"d": object()}):
        with pytest.raises(TypeError):
            _REFERENCE(props)
        with pytest.raises(TypeError):
            _dumps(props)
