"""Faults injected on purpose, to prove that publishing is atomic: with
REPROBOOK_FAIL_AT=<point> the engine raises at that point, and with
REPROBOOK_KILL_AT=<point> the process is killed there (SIGKILL: no cleanup
runs), as a power cut or an impatient contributor would. The tests inject
both at every point and check that the published tree is either wholly as
before or wholly as after, with no debris."""
from __future__ import annotations

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
        raise InjectedFailure(f"step '{name}'", "REPROBOOK_FAIL_AT injects a failure (tests only)", "injected failure")
