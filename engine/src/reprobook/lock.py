"""One build at a time. Builds share Sphinx's working folders and the outputs;
a second build waits for the first (and says so), instead of both failing.
The lock is the kernel's (flock), so a killed build never leaves it held."""
from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from pathlib import Path


@contextlib.contextmanager
def held(folder: Path, log=None):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".lock"
    with open(path, "a+", encoding="utf-8") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            owner = fh.read().strip() or "unknown"
            (log or (lambda m: print(m, file=sys.stderr, flush=True)))(
                f"another build is running (process {owner}); waiting for it to finish")
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
