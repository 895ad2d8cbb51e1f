"""Worker processes for ``analyze``'s sampled betweenness (:mod:`graphsvc.analytics`).

python-igraph holds the GIL, so the pivots' parts run in processes of their own. They are
plain ``python -m graphsvc.pivot_workers`` children reading and writing ``.npy`` files in a
temporary folder, not ``multiprocessing``: that would re-import the caller's ``__main__``
(a script without a main guard would run again) or fork a multithreaded web server. A
worker that fails is reported with the last line it printed; :meth:`Workers.stop` kills
them all when ``analyze`` fails meanwhile.

A killed ``analyze`` (``kill``, a service stopped, a web worker recycled) cannot stop them:
on Linux they ask the kernel to kill them when their parent dies, and the next start
removes the folders that dead parents left.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

__all__ = ["Workers", "start"]

_PREFIX = "intrograph-pivots-"
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Workers:
    """Worker processes computing one array of sums per part of the pivots."""

    def __init__(self, folder: Path, parts: int, processes: list[subprocess.Popen]):
        self.folder, self.parts, self.processes = folder, parts, processes

    def sums(self) -> list[np.ndarray]:
        """Each part's sums, in the parts' order, once every worker is done."""
        for process in self.processes:
            _, err = process.communicate()
            if process.returncode != 0:
                lines = err.decode(errors="replace").strip().splitlines() or [f"exit status {process.returncode}"]
                raise RuntimeError(f"a betweenness worker failed: {lines[-1]}")
        return [np.load(self.folder / f"sums-{i}.npy") for i in range(self.parts)]

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def start(n: int, pairs, parts: list[list[int]], processes: int) -> Workers:
    """Start ``processes`` workers, each taking every ``processes``-th part."""
    _remove_orphaned_folders()
    folder = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))
    np.save(folder / "edges.npy", np.asarray(pairs, dtype=np.int32).reshape(-1, 2))
    for i, part in enumerate(parts):
        np.save(folder / f"sources-{i}.npy", np.asarray(part, dtype=np.int64))
    started = [subprocess.Popen([sys.executable, "-m", "graphsvc.pivot_workers", str(os.getpid()), str(folder),
                                 str(n), *map(str, range(w, len(parts), processes))],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                cwd=Path(__file__).resolve().parents[1])
               for w in range(processes)]
    return Workers(folder, len(parts), started)


def _remove_orphaned_folders() -> None:
    """Remove the folders of workers whose ``analyze`` process is gone (its pid in the name)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*"):
        pid = folder.name[len(_PREFIX):].split("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _die_with(parent: int) -> None:
    """Be killed when ``parent`` dies (Linux); exit now if it already has."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        sys.exit("the analyze process that started this worker is gone")


def main(argv: list[str]) -> None:
    """``PARENT_PID FOLDER N PART...``: the sums of each part, from one graph built once."""
    _die_with(int(argv[0]))
    from graphsvc.analytics import from_sources, hop_graph
    folder, n = Path(argv[1]), int(argv[2])
    graph = hop_graph(n, np.load(folder / "edges.npy"))
    for part in argv[3:]:
        sources = np.load(folder / f"sources-{part}.npy").tolist()
        np.save(folder / f"sums-{part}.npy", from_sources(graph, sources))


if __name__ == "__main__":
    main(sys.argv[1:])
