"""Progress of a batch run: a bar on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """Counts pages and errors; shows pages/s, and an ETA when the total is known."""

    def __init__(self, total: int | None, done: int = 0, quiet: bool = False, stream: TextIO | None = None,
                 every: float | None = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.total, self.done, self.errors = total, done, 0
        self.quiet = quiet
        self.every = every if every is not None else (0.2 if self.tty else 10.0)
        self.start = self.last = time.monotonic()
        self.new = 0

    def add(self, error: bool) -> None:
        """Count one finished page."""
        self.done += 1
        self.new += 1
        self.errors += error
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self._show(now)

    def line(self, now: float) -> str:
        """The progress line: pages, rate, errors, and the ETA when the total is known."""
        rate = self.new / max(now - self.start, 1e-9)
        text = f"{self.done:,} pages  {rate:,.1f} pages/s  {self.errors:,} errors"
        if self.total:
            left = max(self.total - self.done, 0)
            eta = left / rate if rate > 0 else 0
            text = (f"{self.done:,}/{self.total:,} pages ({100 * self.done / self.total:.0f}%)  {rate:,.1f} pages/s"
                    f"  {self.errors:,} errors  ETA {int(eta // 3600)}:{int(eta % 3600 // 60):02d}:{int(eta % 60):02d}")
        return text

    def _show(self, now: float) -> None:
        if self.quiet:
            return
        if self.tty:
            width = 24
            filled = int(width * self.done / self.total) if self.total else 0
            bar = f"[{'#' * filled}{'.' * (width - filled)}] " if self.total else ""
            self.stream.write(f"\r\x1b[K{bar}{self.line(now)}")
        else:
            self.stream.write(f"auditor batch: {self.line(now)}\n")
        self.stream.flush()

    def close(self) -> None:
        """Show the final figures."""
        self._show(time.monotonic())
        if self.tty and not self.quiet:
            self.stream.write("\n")
