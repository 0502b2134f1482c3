"""A hard time budget for parsing one article, so no input can hang a run.

The guard (parse/guard.py) removes the slow shapes we know; this is the
backstop for the ones we do not. Three ways to stop a parse, best first:

* in the main thread on POSIX, an interval timer (SIGALRM): mwparserfromhell's
  tokenizer checks for signals, so the alarm stops even its C loop (Ctrl-C is
  watched there too, as the tokenizer hides which signal stopped it);
* elsewhere on POSIX (worker threads), a forked child that sends its result
  back through a pipe and is killed when the budget is spent;
* with neither (Windows threads), the parse runs unbounded: the guard alone.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from typing import Callable, TypeVar

T = TypeVar("T")


class BudgetExceeded(Exception):
    """The work did not finish within its time budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"not finished within {seconds:g} s")
        self.seconds = seconds


def run_within(seconds: float, work: Callable[[], T]) -> T:
    """Return ``work()``, or raise BudgetExceeded once ``seconds`` have passed.

    A budget of 0 or less means no limit.
    """
    if _main_thread():
        return _with_signals(seconds, work)
    if seconds > 0 and hasattr(os, "fork"):
        return _in_child(seconds, work)
    return work()


def _main_thread() -> bool:
    """Signals are ours to use: POSIX, main thread, and no interval timer already running."""
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL)[0] == 0)


#: Seconds between rings once the budget is spent, until the work stops.
_RING_AGAIN = 0.05


class _Alarm(BaseException):
    """Raised by the SIGALRM handler; a BaseException so `except Exception` code cannot swallow it."""


def _with_signals(seconds: float, work: Callable[[], T]) -> T:
    """Run ``work`` under an interval timer, remembering which signals came.

    mwparserfromhell's C tokenizer replaces an exception raised by a signal
    handler with its own ParserError ("non-empty token stack"), and Python
    drops one raised inside a weakref callback or a finaliser ("Exception
    ignored in ..."), so the signal that came, not the exception that comes out
    (or does not), says what happened. The kernel rings again every 50 ms until
    the work stops, so a swallowed alarm is followed by another.

    The alarm never outlives the work: the handler never arms the timer, and
    once the work is over it does nothing (a ring that came while the work's
    exception was unwinding, say freeing a large token stack, is only handled
    after that); the timer is disarmed before the previous handler comes back.
    """
    fired: list[int] = []
    guarding = [True]

    def ring(signum: int, frame: object) -> None:
        if signum == signal.SIGALRM and not guarding:
            return  # the work is over: a late ring changes nothing
        fired.append(signum)
        if guarding:
            raise _Alarm() if signum == signal.SIGALRM else KeyboardInterrupt()

    def drop_alarms(unraisable: object) -> None:
        # A ring that Python dropped from a finaliser: the signal is remembered in `fired` and the next ring
        # ends the work, so it is no error to report (nor one for a test runner's hook to trip over).
        if not isinstance(getattr(unraisable, "exc_value", None), _Alarm):
            hook(unraisable)

    previous = {sig: signal.signal(sig, ring) for sig in (signal.SIGALRM, signal.SIGINT)}
    hook, sys.unraisablehook = sys.unraisablehook, drop_alarms
    try:
        if seconds > 0:
            signal.setitimer(signal.ITIMER_REAL, seconds, _RING_AGAIN)
        try:
            result = work()
        finally:
            guarding.clear()
            signal.setitimer(signal.ITIMER_REAL, 0)
        if fired:  # the handler's exception was swallowed on its way out
            raise _Alarm()
        return result
    except BaseException:
        if signal.SIGINT in fired:
            raise KeyboardInterrupt from None
        if signal.SIGALRM in fired:
            raise BudgetExceeded(seconds) from None
        raise
    finally:
        sys.unraisablehook = hook
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _in_child(seconds: float, work: Callable[[], T]) -> T:
    """Run ``work`` in a forked child; its result (or exception) comes back pickled."""
    import pickle  # here: only work off the main thread comes this way

    deadline = time.monotonic() + seconds
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            outcome = (True, work())
        except BaseException as error:  # sent to the parent, which re-raises it
            outcome = (False, error)
        try:
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        data = _read_until(read_end, deadline, seconds)
    finally:
        os.close(read_end)
        _reap(pid)
    ok, value = pickle.loads(data)
    if not ok:
        raise value
    return value


def _read_until(fd: int, deadline: float, seconds: float) -> bytes:
    """Everything written to ``fd`` before the writer closes it, or BudgetExceeded at the deadline."""
    import select

    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise BudgetExceeded(seconds)
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            if not chunks:
                raise RuntimeError("the parse worker died without a result")
            return b"".join(chunks)
        chunks.append(chunk)


def _reap(pid: int) -> None:
    """Make sure the child is gone (killed if still running) and collected."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
