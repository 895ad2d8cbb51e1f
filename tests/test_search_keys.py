"""The folding people search compares text by (graphsvc.search_keys), as a pure function."""
from __future__ import annotations

import unicodedata

import pytest

from graphsvc.search_keys import EMAIL_MARK, FIELD_MARK, fold, key_matches, name_prefix, search_key


@pytest.mark.parametrize("typed, stored", [
    ("Ciaran", "Ciarán"), ("koc", "Koç"), ("Muller", "Müller"), ("MÜLLER", "müller"),
    ("Zoe\u0308", "Zo\u00eb"), ("Zo\u00eb", "Zoe\u0308"),  # decomposed and precomposed meet
    ("strasse", "Straße"), ("STRASSE", "STRAẞE"), ("soren", "Søren"), ("lodz", "Łódź"),
    ("aesir", "Æsir"), ("oeuvre", "Œuvre"), ("thorn", "Þorn"), ("dorde", "Đorđe"),
    ("istanbul", "İstanbul"), ("ISTANBUL", "ıstanbul"),
    ("ζωη", "Ζωή"), ("ΖΩΗ", "Ζωή"), ("οδυσσευσ", "ΟΔΥΣΣΕΥΣ"), ("οδυσσευς", "Οδυσσεύς"),  # final sigma
    ("李小龍", "李小龍"), ("full", "ｆｕｌｌ"), ("o'brien", "O’Brien"), ("ana lima", "  Ana \t Lima "),
])
def test_spellings_people_type_fold_to_what_is_stored(typed, stored):
    assert fold(typed) == fold(stored)


def test_folding_keeps_what_tells_names_apart():
    assert fold("が") != fold("か")  # Japanese voicing is a letter, not an accent
    assert fold("李小龍") != fold("李小龙")  # traditional and simplified are different names
    assert fold("Zoë") != fold("Zoa")
    assert fold("a\x1fb\x1ec") == "abc"  # the key's separators can never be typed into a field


def test_folding_is_idempotent_and_normalisation_proof():
    for text in ("Ciarán Ó Briain", "Ζωή", "Straße", "が", "ｆｕｌｌ", "İ"):
        assert fold(fold(text)) == fold(text)
        for form in ("NFC", "NFD", "NFKC", "NFKD"):
            assert fold(unicodedata.normalize(form, text)) == fold(text)


def test_the_key_holds_public_fields_first_and_the_email_after_its_mark():
    key = search_key({"person_id": "p1", "name": "Zoë Kravitz", "title": "Chef", "department": "Küche",
                      "email": "ZK@corp.example"})
    assert key == FIELD_MARK.join(["zoe kravitz", "chef", "kuche", "p1"]) + EMAIL_MARK + "zk@corp.example"
    assert key.startswith(name_prefix(" ZOË  kravitz "))
    assert not key.startswith(name_prefix("Zoë"))  # a whole name, not its start
    assert name_prefix("  ") == ""


def test_an_id_that_is_an_email_is_searched_as_an_email():
    key = search_key({"person_id": "bo@corp.example", "name": "Bo"})
    assert not key_matches(key, "bo@corp", "bo@corp.example", emails=False)
    assert key_matches(key, "bo@corp", "bo@corp.example", emails="bo@corp.example")
    assert key_matches(key, "bo@corp", "bo@corp.example", emails=True)
    assert not key_matches(key, "bo@corp", "bo@corp.example", emails="someone-else")
    assert key_matches(key, "bo", "bo@corp.example", emails=False)  # by name


@pytest.mark.parametrize("text, folded", [
    ("  MiXeD \t Case ", "mixed case"), ("E000123", "e000123"), ("ana.lima@corp.example", "ana.lima@corp.example"),
    ("a\x0bb", "ab"), ("a\x0cb", "ab"), ("a\x7fb", "ab"),  # control characters go, they are not spaces
    ("a\x1fb", "ab"), ("a\nb", "a b"), (None, ""), (0, ""), (42, "42"),
])
def test_ascii_folds_as_the_general_rule_folds_it(text, folded):
    # printable ASCII takes a short cut; text with control characters must not
    assert fold(text) == folded


def test_the_ascii_short_cut_is_the_general_rule_on_every_printable_character():
    from graphsvc.search_keys import _fold_any
    printable = [chr(c) for c in range(32, 127)]
    texts = printable + [f"{a}{b}" for a in printable for b in printable] + [" A  b ", "E000123 Ana.Lima@X"]
    assert [fold(t) for t in texts] == [_fold_any(t) for t in texts]
