"""Worker processes for ``analyze``'s sampled betweenness (:mod:`graphsvc.analytics`).

python-igraph holds the GIL, so the pivots' parts run in processes of their own. They are
plain ``python -m graphsvc.pivot_workers`` children reading and writing ``.npy`` files in a
temporary folder, not ``multiprocessing``: that would re-import the caller's ``__main__``
(a script without a main guard would run again) or fork a multithreaded web server. A
worker that fails is reported with the last line it printed; :meth:`Workers.stop` kills
them all when ``analyze`` fails meanwhile.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

__all__ = ["Workers", "start"]


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
    folder = Path(tempfile.mkdtemp(prefix="intrograph-pivots-"))
    np.save(folder / "edges.npy", np.asarray(pairs, dtype=np.int32).reshape(-1, 2))
    for i, part in enumerate(parts):
        np.save(folder / f"sources-{i}.npy", np.asarray(part, dtype=np.int64))
    started = [subprocess.Popen([sys.executable, "-m", "graphsvc.pivot_workers", str(folder), str(n),
                                 *map(str, range(w, len(parts), processes))],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                cwd=Path(__file__).resolve().parents[1])
               for w in range(processes)]
    return Workers(folder, len(parts), started)


def main(argv: list[str]) -> None:
    """``FOLDER N PART...``: the sums of each part, from one graph built once."""
    from graphsvc.analytics import from_sources, hop_graph
    folder, n = Path(argv[0]), int(argv[1])
    graph = hop_graph(n, np.load(folder / "edges.npy"))
    for part in argv[2:]:
        sources = np.load(folder / f"sources-{part}.npy").tolist()
        np.save(folder / f"sums-{part}.npy", from_sources(graph, sources))


if __name__ == "__main__":
    main(sys.argv[1:])
