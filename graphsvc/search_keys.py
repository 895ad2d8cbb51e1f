"""How people are found by what someone types: one folding of text, one search key per person.

People type names as their keyboard lets them: "Ciaran" for Ciarán, "koc" for Koç, "Zoë" as
``e`` plus a combining diaeresis where the store holds the one character ``ë``. :func:`fold`
maps every such spelling to one form, and both stores keep a person's :func:`search_key`
(their name, title, department and id, folded) beside the person, written with the person,
so a search compares folded text with folded text and no store folds anything itself.

The key ends with the e-mail part, after :data:`EMAIL_MARK`: e-mails are searched only
for those :func:`graphsvc.visibility.email_search` allows, so a store matches that part only
when told to. Fields are joined by control characters that :func:`fold` removes from any
text, so a typed query never spans two fields.
"""
from __future__ import annotations

import unicodedata
from typing import Any

__all__ = ["SEARCH_KEYS_VERSION", "SEARCHED_FIELDS", "FIELD_MARK", "EMAIL_MARK", "fold", "search_key", "name_prefix",
           "key_matches"]

#: Bumped whenever :func:`fold` or :func:`search_key` changes: a store whose keys were made by
#: another version makes them again when opened.
SEARCH_KEYS_VERSION = 1
#: Between the fields of a key (ASCII unit separator).
FIELD_MARK = "\x1f"
#: Before a key's e-mail part (ASCII record separator).
EMAIL_MARK = "\x1e"

# Letters NFKD leaves whole although readers treat them as a letter with a stroke or a
# ligature: without these, "Soren" would not find "Søren" nor "Lodz" find "Łódź". Applied
# after case folding (which already makes ß "ss"), so lower case suffices.
_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t",
                          "æ": "ae", "œ": "oe", "þ": "th", "ŀ": "l",
                          # typographic apostrophes: "O’Brien" is "O'Brien"
                          "\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def _is_diacritic(ch: str) -> bool:
    """A combining accent of the Latin, Greek and Cyrillic scripts (the "Combining
    Diacritical Marks" blocks). Marks of other scripts stay: Japanese ``が`` is not ``か``,
    nor is a Devanagari vowel sign an accent."""
    code = ord(ch)
    return (0x0300 <= code <= 0x036F or 0x1AB0 <= code <= 0x1AFF or 0x1DC0 <= code <= 0x1DFF
            or 0x20D0 <= code <= 0x20FF or 0xFE20 <= code <= 0xFE2F)


def fold(text: Any) -> str:
    """``text`` as search compares it: compatibility-decomposed, accents of Latin, Greek and
    Cyrillic letters dropped, case folded (Greek too: "ΖΩΉ" and "ζωή" meet), stroked letters
    and ligatures spelt out, control characters dropped and runs of white space made one space.

    >>> fold("Ciarán") == fold("CIARAN") == "ciaran"
    True
    >>> fold("Zoe\u0308") == fold("Zo\u00eb") == "zoe"
    True
    >>> fold("Straße Łódź Øre"), fold("李小龍"), fold("Ζωή")
    ('strasse lodz ore', '李小龍', 'ζωη')
    """
    text = str(text or "")
    if text.isascii() and text.isprintable():
        # Most text (ids, e-mails, most names and titles): NFKD, case folding and the letter
        # table leave printable ASCII as its lower case, and it holds no control character,
        # so this is the result below, at a twentieth of the cost (every person imported
        # folds five fields).
        return " ".join(text.lower().split())
    return _fold_any(text)


def _fold_any(text: str) -> str:
    """:func:`fold` of any text, the general rule (which the short cut for printable ASCII
    must agree with)."""
    text = unicodedata.normalize("NFKD", text).casefold()
    # case folding may itself produce a combining mark ("İ" → "i" + dot above)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not _is_diacritic(ch) and unicodedata.category(ch) != "Cc" or ch in " \t\n\r")
    return " ".join(text.translate(_LETTERS).split())


#: The fields :func:`search_key` reads: a write that changes none of them keeps the stored key.
SEARCHED_FIELDS = ("person_id", "name", "title", "department", "email")


def search_key(person: dict[str, Any]) -> str:
    """The text a person is found by: name, title, department and id (an id that is an
    e-mail counts as e-mail), then :data:`EMAIL_MARK` and the e-mail part, each folded.

    The name comes first, so that :func:`name_prefix` finds a whole name by the key's start.
    """
    pid = str(person.get("person_id") or "")
    public = [fold(person.get(f)) for f in ("name", "title", "department")]
    emails = [fold(person.get("email"))]
    if "@" not in pid:
        public.append(fold(pid))
    elif fold(pid) != emails[0]:
        emails.append(fold(pid))
    return FIELD_MARK.join(public) + EMAIL_MARK + FIELD_MARK.join(emails)


def name_prefix(name: str) -> str:
    """The start of the key of everyone whose whole name is ``name`` ('' for a blank name)."""
    folded = fold(name)
    return folded + FIELD_MARK if folded else ""


def key_matches(key: str, folded: str, person_id: str, emails: bool | str) -> bool:
    """Does a person's ``key`` contain the ``folded`` query, searching e-mails as ``emails``
    says (``True``: anyone's; a person_id: only that person's; ``False``: nobody's)?"""
    searched = key if emails is True or emails == person_id else key.split(EMAIL_MARK, 1)[0]
    return folded in searched
