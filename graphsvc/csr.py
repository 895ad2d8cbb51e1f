"""Compact adjacency: who is tied to whom and how strongly, as arrays (CSR), saved to disk.

Path search needs only ids and pair weights. Held as Python dicts of evidence, a graph of
100,000 people and a million ties took 1.7 GB per process and 25 s to build; as compressed
sparse rows it takes about 30 MB, and saved beside the SQLite file as plain ``.npy`` arrays
it is memory-mapped by every process on the machine instead of rebuilt: the pages are read
once and shared through the OS page cache.

Layout (``n`` people sorted by id, ``m`` ties counted in both directions):

* ``ids[n]`` — person ids, sorted, so an id's row is found by binary search;
* ``indptr[n+1]``, ``nbr[m]``, ``weight[m]`` — row ``i``'s neighbours are
  ``nbr[indptr[i]:indptr[i+1]]`` (sorted by index) with their pair weights;
* ``passable[n]`` — may the person be an intermediate of a path.

A snapshot is a folder named after the store version it was built at, written under a
temporary name and renamed into place, so a reader never sees half of one.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from pathlib import Path
from typing import Iterable

import numpy as np

__all__ = ["Snapshot", "build", "from_read", "save", "relabel", "load", "latest", "remove_older"]

_ARRAYS = ("ids", "indptr", "nbr", "weight", "passable")


@dataclass(frozen=True)
class Snapshot:
    """The adjacency of the whole graph at one store ``version``."""

    version: int
    ids: np.ndarray
    indptr: np.ndarray
    nbr: np.ndarray
    weight: np.ndarray
    passable: np.ndarray

    def index_of(self, person_id: str) -> int:
        """Row of a person, or -1 when the snapshot does not know them."""
        i = int(np.searchsorted(self.ids, person_id))
        return i if i < len(self.ids) and self.ids[i] == person_id else -1

    def row(self, i: int) -> tuple[list[str], list[float], list[bool]]:
        """Neighbour ids of row ``i``, their pair weights, and whether each is passable."""
        start, end = int(self.indptr[i]), int(self.indptr[i + 1])
        nbr = self.nbr[start:end]
        return self.ids[nbr].tolist(), self.weight[start:end].tolist(), self.passable[nbr].tolist()


    def ties(self, rows: np.ndarray) -> np.ndarray:
        """Where the ties of these rows are in ``nbr`` and ``weight``: all at once, a row's together."""
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        return np.repeat(ends - np.cumsum(lengths), lengths) + np.arange(int(lengths.sum()))

    @cached_property
    def hop_cost(self) -> np.ndarray:
        """``−log weight`` of every tie: a path's cost, taken once per snapshot."""
        return -np.log(self.weight)


def build(version: int, people: Iterable[tuple[str, bool]],
          pairs: Iterable[tuple[str, str, float]]) -> Snapshot:
    """A snapshot from ``(person_id, passable)`` of everyone and ``(a, b, weight)`` of each pair."""
    people = sorted(people)
    ids = np.array([p for p, _ in people], dtype=str) if people else np.array([], dtype="<U1")
    passable = np.array([bool(ok) for _, ok in people], dtype=bool)
    pairs = pairs if isinstance(pairs, list) else list(pairs)
    m = len(pairs)
    # a dict beats searching a string array; map and itemgetter keep a million rows out of Python loops
    index = {p: i for i, (p, _) in enumerate(people)}.__getitem__
    ia = np.fromiter(map(index, map(itemgetter(0), pairs)), dtype=np.int32, count=m)
    ib = np.fromiter(map(index, map(itemgetter(1), pairs)), dtype=np.int32, count=m)
    w = np.fromiter(map(itemgetter(2), pairs), dtype=np.float64, count=m)
    src = np.concatenate([ia, ib])
    dst = np.concatenate([ib, ia])
    weights = np.concatenate([w, w])
    order = np.argsort(src.astype(np.int64) * len(ids) + dst, kind="stable")  # by (src, dst)
    indptr = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=len(ids)), out=indptr[1:])
    return Snapshot(version, ids, indptr, dst[order].astype(np.int32), weights[order], passable)


def from_read(version: int, ids: np.ndarray, passable: np.ndarray, a: np.ndarray, b: np.ndarray,
              w: np.ndarray) -> Snapshot:
    """A snapshot from ties as a walk read them: for each person ``a[i]`` whose ties were read
    (ids sorted, given as indices), each neighbour ``b[i]`` and the pair weight ``w[i]``.

    Equal to :func:`build` given each pair once: a tie read from both ends is kept once each
    way, one read from one end only is added the other way.
    """
    read = np.zeros(len(ids), dtype=bool)
    read[a] = True
    back = ~read[b]
    src = np.concatenate([a, b[back]]).astype(np.int32)
    dst = np.concatenate([b, a[back]]).astype(np.int32)
    weights = np.concatenate([w, w[back]]).astype(np.float64)
    order = np.argsort(src.astype(np.int64) * len(ids) + dst, kind="stable")  # lexsort((dst, src)), faster
    indptr = np.zeros(len(ids) + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=len(ids)), out=indptr[1:])
    return Snapshot(version, ids, indptr, dst[order], weights[order], passable)


def _folder(root: Path, version: int) -> Path:
    return root / f"v{version:012d}"


def save(root: Path, snapshot: Snapshot) -> Path:
    """Write the snapshot under ``root`` atomically; returns its folder."""
    root.mkdir(parents=True, exist_ok=True)

    def write(tmp: Path) -> None:
        for name in _ARRAYS:
            np.save(tmp / f"{name}.npy", getattr(snapshot, name))
    return _publish(root, snapshot.version, write)


def relabel(root: Path, folder: Path, version: int) -> Path:
    """Save the snapshot in ``folder`` again as that of ``version`` (a later store version
    whose adjacency is the same), its arrays hard-linked rather than copied; returns its
    folder. Atomic like :func:`save`."""
    def link(tmp: Path) -> None:
        for name in _ARRAYS:
            try:
                os.link(folder / f"{name}.npy", tmp / f"{name}.npy")
            except OSError:  # a file system without hard links
                shutil.copyfile(folder / f"{name}.npy", tmp / f"{name}.npy")
    return _publish(root, version, link)


def _publish(root: Path, version: int, fill) -> Path:
    """The folder of ``version`` under ``root``, made whole or not at all: ``fill`` writes
    the arrays into a folder of its own, which is synced and renamed into place."""
    final = _folder(root, version)
    if final.exists():
        return final
    tmp = Path(tempfile.mkdtemp(dir=root, prefix=".building-"))
    os.chmod(tmp, 0o755)  # readable by every process that may open the store, like the file
    try:
        fill(tmp)
        (tmp / "meta.json").write_text(json.dumps({"version": version}))
        for f in tmp.iterdir():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
        os.rename(tmp, final)
    except FileExistsError:
        shutil.rmtree(tmp, ignore_errors=True)  # another process saved the same version first
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def load(folder: Path) -> Snapshot:
    """Memory-map a saved snapshot (read-only, shared with every other process)."""
    version = json.loads((folder / "meta.json").read_text())["version"]
    # Plain array views of the maps: slicing a np.memmap costs several times more per call.
    arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r").view(np.ndarray) for name in _ARRAYS}
    return Snapshot(version, **arrays)


def latest(root: Path, at_most: int) -> Path | None:
    """The newest saved snapshot of a version no later than ``at_most``."""
    if not root.is_dir():
        return None
    found = sorted(p for p in root.iterdir() if p.name.startswith("v") and p.name[1:].isdigit()
                   and int(p.name[1:]) <= at_most)
    return found[-1] if found else None


def remove_older(root: Path, keep: Path) -> None:
    """Delete the snapshots older than ``keep`` (processes that still map them keep their pages)."""
    for p in root.iterdir():
        if p.name.startswith("v") and p.name[1:].isdigit() and p.name < keep.name:
            shutil.rmtree(p, ignore_errors=True)
