"""A one-line progress bar for long imports, drawn only where a person is watching.

An import reports ``progress(stage, done, total)`` (``total`` 0 when it cannot know yet).
:class:`ProgressBar` draws that on a terminal's stderr, redrawing at most ten times a
second and only once the import has run for a moment, so quick imports print nothing extra.
On a pipe or a file it draws nothing at all: logs and ``--json`` output stay clean.
"""
from __future__ import annotations

import sys
import time
from typing import Callable, TextIO

__all__ = ["Progress", "ProgressBar", "render"]

#: ``progress(stage, done, total)``
Progress = Callable[[str, int, int], None]

_WIDTH = 30


def render(stage: str, done: int, total: int, elapsed: float) -> str:
    """The bar's text: ``stage [#####-----]  50%  5,000/10,000  3s``; a spinner when total is unknown."""
    if total > 0:
        share = min(1.0, done / total)
        filled = int(share * _WIDTH)
        return (f"{stage} [{'#' * filled}{'-' * (_WIDTH - filled)}] {share:4.0%}  "
                f"{done:,}/{total:,}  {elapsed:.0f}s")
    spin = "|/-\\"[int(elapsed * 4) % 4]
    return f"{stage} {spin}  {elapsed:.0f}s"


class ProgressBar:
    """Call it as a :data:`Progress`; ``close()`` clears the line."""

    def __init__(self, stream: TextIO | None = None, delay: float = 1.0, enabled: bool | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.clock = clock
        self.started = clock()
        self.delay = delay
        self.last_draw = float("-inf")
        self.width = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        finished = total > 0 and done >= total
        if now - self.started < self.delay or (now - self.last_draw < 0.1 and not finished):
            return
        self.last_draw = now
        text = render(stage, done, total, now - self.started)
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def close(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
