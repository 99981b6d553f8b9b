"""Faults injected on purpose, to prove that publishing is atomic: with
REPROBOOK_FAIL_AT=<point> the engine raises at that point, and with
REPROBOOK_KILL_AT=<point> the process is killed there (SIGKILL: no cleanup
runs), as a power cut or an impatient contributor would. With
REPROBOOK_FAIL_WITH=ENOSPC (or EROFS, EACCES) the failure is the operating
system's, as a full disk or a read-only folder gives it. The tests inject them
at every point and check that the published tree is either wholly as before or
wholly as after, with no debris."""
from __future__ import annotations

import errno
import os
import signal

from .errors import ReprobookError

# build: html, pdf; publishing: copy, check, index, move; the switch itself: stored, switched
POINTS = ("html", "pdf", "copy", "check", "index", "move", "stored", "switched")


class InjectedFailure(ReprobookError):
    """A failure injected on purpose (tests only)."""


def point(name: str) -> None:
    if os.environ.get("REPROBOOK_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
    if os.environ.get("REPROBOOK_FAIL_AT") == name:
        code = getattr(errno, os.environ.get("REPROBOOK_FAIL_WITH", ""), None)
        if code is not None:
            raise OSError(code, os.strerror(code), f"step {name}")
        raise InjectedFailure(f"step '{name}'", "REPROBOOK_FAIL_AT injects a failure (tests only)", "injected failure")
