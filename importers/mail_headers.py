"""E-mail archives: who wrote to whom, read from five headers and nothing else.

An archive is an mbox file, a Maildir (with its ``.Sent`` and other Maildir++ folders), a
folder of ``.eml`` files, or a ``.zip`` of either (the web upload). Of each message only the
header block is read, up to the first blank line, by the standard library's ``email``
header parser, and of that only ``From``, ``To``, ``Cc``, ``Date`` and ``Message-ID``: the
body is never read and the subject is never looked at, so neither can reach the store.

* A message seen twice (the same Message-ID, say in the inbox and in an archive folder)
  counts once. One without a Message-ID is known by its From, To, Cc and Date.
* A message to more than ``max_recipients`` addresses (To and Cc) is skipped as a broadcast.
* Each message links its sender to each recipient. A pair becomes a tie only when mail went
  both ways: in this archive, or in one imported before (the pair already has its tie). A
  newsletter nobody answered makes none.
* Addresses are matched to people by e-mail in any case; addresses of no one in the store
  are counted, never added.

**A deliberate exception to all-or-nothing validation.** Mail archives always hold some junk:
a message without a From address or with an unreadable Date is skipped and reported as a
warning by its position (``message 17`` of an mbox, the file of a Maildir or ``.eml``), and
the rest of the archive is imported. An archive with no readable message at all is refused.
"""
from __future__ import annotations

import hashlib
import mailbox
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone
from email.parser import BytesHeaderParser
from email.policy import compat32
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from pathlib import Path
from typing import BinaryIO, Iterator, Mapping

from graphsvc.interactions import Contact, instant
from graphsvc.model import INTERACTED, pair_of
from graphsvc.store import GraphStore
from importers.cells import valid_email
from importers.problems import ImportRejected, Problem
from importers.signals import InteractionStats, ParsedInteractions, contacts_batch, people_by_email, window

__all__ = ["MAX_RECIPIENTS", "HEADERS", "parse_email", "header_block", "read_headers"]

#: Messages to more addresses than this (To and Cc) are broadcasts (``--max-recipients``).
MAX_RECIPIENTS = 10
#: The only headers read.
HEADERS = ("From", "To", "Cc", "Date", "Message-ID")
#: A header block longer than this is not a message's headers (a binary file, say).
_MAX_HEADER_BYTES = 256 * 1024
_PARSER = BytesHeaderParser(policy=compat32)


def header_block(fp: BinaryIO) -> bytes:
    """The bytes of a message up to its first blank line: the headers, and never the body."""
    lines, size = [], 0
    for line in iter(fp.readline, b""):
        if line in (b"\n", b"\r\n"):
            break
        size += len(line)
        if size > _MAX_HEADER_BYTES:
            raise ValueError("no end of headers within 256 KiB")
        lines.append(line)
    return b"".join(lines)


@dataclass(frozen=True)
class Headers:
    """What one message says about who wrote to whom, and when."""

    sender: str
    recipients: tuple[str, ...]
    at: datetime
    key: str


def read_headers(block: bytes) -> Headers:
    """From, To, Cc, Date and Message-ID of one header block; ``ValueError`` says what is wrong."""
    message = _PARSER.parsebytes(block)
    fields = {name: [str(v) for v in message.get_all(name, [])] for name in HEADERS}
    sender = parseaddr(" ".join(fields["From"]))[1].strip().lower()
    if not valid_email(sender):
        raise ValueError("no From address")
    try:
        at = parsedate_to_datetime(" ".join(fields["Date"]))
    except (TypeError, ValueError, IndexError):
        at = None
    if at is None:
        raise ValueError(f"unreadable Date {' '.join(fields['Date'])!r}" if fields["Date"] else "no Date")
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)  # RFC 5322's "-0000": no zone known; taken as UTC
    addresses = getaddresses(fields["To"] + fields["Cc"])
    recipients = tuple(sorted({a.strip().lower() for _, a in addresses if valid_email(a.strip())} - {sender}))
    message_id = " ".join(fields["Message-ID"]).strip()
    key = message_id or "sha256:" + hashlib.sha256(
        "\x1f".join([sender, *recipients, instant(at)]).encode()).hexdigest()
    return Headers(sender, recipients, at, key)


def _is_maildir(folder: Path) -> bool:
    return (folder / "cur").is_dir() and (folder / "new").is_dir()


def _message_files(folder: Path) -> list[Path]:
    """A Maildir's messages (its ``cur`` and ``new``, and those of its ``.Folder`` subfolders),
    else every ``.eml`` below the folder; sorted by path."""
    if _is_maildir(folder):
        boxes = [folder] + sorted(p for p in folder.iterdir() if p.name.startswith(".") and _is_maildir(p))
        return sorted(f for box in boxes for sub in ("cur", "new") for f in (box / sub).iterdir() if f.is_file())
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".eml")


def _in_zip(name: str) -> bool:
    parts = name.split("/")
    return not name.endswith("/") and (name.lower().endswith(".eml") or "cur" in parts[:-1] or "new" in parts[:-1])


def _blocks(path: Path) -> Iterator[tuple[str, str, bytes | Exception]]:
    """``(file, position, header block or what went wrong)`` for every message of the archive."""
    if path.is_dir():
        for file in _message_files(path):
            try:
                with open(file, "rb") as fp:
                    yield str(file), "", header_block(fp)
            except (OSError, ValueError) as exc:
                yield str(file), "", exc
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in sorted(n for n in archive.namelist() if _in_zip(n)):
                try:
                    with archive.open(name) as fp:
                        yield f"{path}:{name}", "", header_block(fp)
                except (OSError, ValueError, zipfile.BadZipFile) as exc:
                    yield f"{path}:{name}", "", exc
    else:
        box = mailbox.mbox(path, create=False)
        try:
            for number, key in enumerate(box.iterkeys(), start=1):
                try:
                    with box.get_file(key) as fp:
                        yield str(path), f"message {number}", header_block(fp)
                except ValueError as exc:
                    yield str(path), f"message {number}", exc
        finally:
            box.close()


def _problem(file: str, position: str, message: str) -> Problem:
    return Problem(file, 0, "", f"{position}: {message}" if position else message)


def parse_email(path: str | Path, store: GraphStore, column_map: Mapping[str, str] | None = None,
                since: date | str | None = None, until: date | str | None = None,
                max_recipients: int = MAX_RECIPIENTS) -> ParsedInteractions:
    """Read an archive's headers into ``INTERACTED {channel: email}`` ties (see the module's doc)."""
    if column_map:
        raise ValueError("--map is for tables; a mail archive has no columns")
    if max_recipients < 1:
        raise ValueError(f"--max-recipients must be at least 1, not {max_recipients}")
    path = Path(path)
    if not path.exists():
        raise ImportRejected([Problem(str(path), 0, "", "no such file or folder")])
    span = window(since, until)
    stats = InteractionStats("email", span.text(), limit=max_recipients)
    warnings: list[Problem] = []
    seen: set[str] = set()
    messages: list[Headers] = []
    for file, position, block in _blocks(path):
        stats.read += 1
        try:
            if isinstance(block, Exception):
                raise block
            headers = read_headers(block)
        except (OSError, ValueError, zipfile.BadZipFile) as exc:
            stats.malformed += 1
            warnings.append(_problem(file, position, f"{exc}; skipped"))
            continue
        if headers.key in seen:
            stats.duplicates += 1
            continue
        seen.add(headers.key)
        if headers.at not in span:
            stats.outside_window += 1
            continue
        stats.in_window += 1
        if len(headers.recipients) > max_recipients:
            stats.broadcasts += 1
            continue
        messages.append(headers)
    if stats.read == stats.malformed:
        raise ImportRejected([Problem(str(path), 0, "", "no readable message: expected an mbox file, a Maildir, "
                                      "a folder of .eml files or a .zip of them")] + warnings)
    return _ties_from_messages(store, path, messages, stats, warnings)


def _ties_from_messages(store: GraphStore, path: Path, messages: list[Headers], stats: InteractionStats,
                        warnings: list[Problem]) -> ParsedInteractions:
    """Sender → recipient links between people, kept for the pairs that wrote both ways."""
    addresses = {a for m in messages for a in (m.sender, *m.recipients)}
    known = people_by_email(store, addresses)
    stats.unknown_addresses = len(addresses - set(known))
    links: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)  # pair → [(sender, instant)]
    for m in messages:
        sender = known.get(m.sender)
        if sender is None:
            continue
        at = instant(m.at)
        for address in m.recipients:
            other = known.get(address)
            if other is not None and other["person_id"] != sender["person_id"]:
                links[pair_of(sender["person_id"], other["person_id"])].append((sender["person_id"], at))
    stored = store.ties_between(INTERACTED, sorted(links))
    answered = {(t.source, t.target) for t in stored if t.disc == "email"}
    contacts = []
    for (a, b), sent in sorted(links.items()):
        if (a, b) not in answered and len({who for who, _ in sent}) < 2:
            stats.one_way_pairs += 1
            continue
        contacts += [Contact(a, b, "email", at) for _, at in sent]
    by_id = {p["person_id"]: p for p in known.values()}
    batch = contacts_batch(store, contacts, by_id, stats, stored=stored, source=str(path))
    return ParsedInteractions(batch, warnings, stats)
