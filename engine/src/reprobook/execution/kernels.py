"""Warm kernels: a notebook's kernel is forked from a process that has already
imported the heavy modules (pandas, matplotlib, networkx, IPython), instead of
being started from nothing, which costs seconds of imports per notebook.

The forking process is the standard library's forkserver (multiprocessing),
started once per process that runs notebooks, with those modules preloaded;
every kernel is a fresh fork of it, used for one notebook and then ended, so no
notebook sees another's names or module state. Modules of the project and the
engine are not preloaded: a notebook always imports their current code.

Jupyter runs kernels through a "kernel provisioner"; this is one
(``reprobook-forked``, registered as an entry point of the engine). Setting
JUPYTER_DEFAULT_PROVISIONER_NAME to it (`use()`) makes every kernel that
jupyter_client starts in this process and its children warm: the build's, the
preview's and nbval's alike. The outputs are the same as a cold kernel's (a
test runs every notebook both ways and compares them byte for byte).
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

NAME = "reprobook-forked"
ENV = "JUPYTER_DEFAULT_PROVISIONER_NAME"
PRELOAD = ["numpy", "pandas", "matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg",
           "matplotlib.backends.backend_svg", "matplotlib.backends.backend_pdf", "networkx", "yaml",
           "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel", "nbformat", "myst_nb"]

_context = None
_lock = threading.Lock()


def use() -> None:
    """Make the kernels this process (and its children) starts warm ones."""
    os.environ[ENV] = NAME


def context():
    """The forkserver, started on first use with the heavy modules imported."""
    global _context
    with _lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            _context = ctx
        return _context


def _nothing() -> None:
    pass


def warm_up() -> None:
    """Start the forkserver now (it imports the heavy modules once), so that the
    first notebook does not wait for it."""
    process = context().Process(target=_nothing)
    process.start()
    process.join()


def _forget_own_modules(cwd: str) -> None:
    """Drop every module of the engine, and of the project the kernel runs in, that
    the fork inherited (the forkserver imports its parent's main module): the
    notebook imports their current code, and records only what it imports itself."""
    here = Path(cwd).resolve()
    root = next((f for f in (here, *here.parents) if (f / "reprobook.yaml").is_file()), None)
    installed = Path(sys.prefix).resolve()  # a virtual environment may sit inside the project

    def own(name: str, file: str) -> bool:
        if name.split(".")[0] == "reprobook":
            return True
        if root is None or not file:
            return False
        where = Path(file).resolve()
        return root in where.parents and installed not in where.parents and "site-packages" not in where.parts

    for name, mod in list(sys.modules.items()):
        if own(name, getattr(mod, "__file__", None) or ""):
            del sys.modules[name]


def _kernel(argv: list[str], cwd: str, env: dict) -> None:
    """In the forked child: become the kernel `argv` describes, as ipykernel_launcher would."""
    os.setsid()  # its own process group, as a launched kernel has
    _forget_own_modules(cwd)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    sys.argv = ["ipykernel_launcher", *argv]
    from ipykernel import kernelapp

    app = kernelapp.IPKernelApp.instance()
    # As launched by Jupyter: a parent to outlive (read from the environment when ipykernel
    # was imported, in the forkserver, so given here), and no connection banner on stdout.
    parent = int(env.get("JPY_PARENT_PID") or 0)
    app.parent_handle = parent
    app.log_level = logging.ERROR  # not the warning, on every start, that the local socket is unencrypted
    threading.Thread(target=_end_with, args=(parent,), daemon=True).start()
    app.initialize(argv)
    # The preloaded matplotlib chose its backend from the forkserver's environment; a
    # kernel started cold chooses it once the kernel has set MPLBACKEND. Choose it the same way.
    backend = os.environ.get("MPLBACKEND")
    if backend and "matplotlib" in sys.modules:
        import matplotlib

        matplotlib.use(backend)
    app.start()


def _end_with(parent: int) -> None:
    """End this kernel when the process that asked for it has gone (a cold kernel's
    parent poller does this, but it watches its own parent, here the forkserver)."""
    while parent:
        time.sleep(1.0)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:
            pass


class _Process:
    """A forked kernel, with the parts of subprocess.Popen the provisioner uses."""

    stdin = stdout = stderr = None

    def __init__(self, process):
        self._p = process
        self.pid = process.pid

    def poll(self) -> int | None:
        return None if self._p.is_alive() else self._p.exitcode

    def wait(self, timeout: float | None = None) -> int | None:
        self._p.join(timeout)
        return self._p.exitcode

    def send_signal(self, signum: int) -> None:
        if self._p.is_alive():
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _kernel_args(cmd: list[str]) -> list[str]:
    """The arguments after the launcher in a kernel command (…ipykernel_launcher -f FILE)."""
    for i, part in enumerate(cmd):
        if part.endswith(("ipykernel_launcher", "ipykernel_launcher.py")) or part == "ipykernel":
            return cmd[i + 1:]
    raise RuntimeError(f"not an IPython kernel command: {cmd}")


class ForkedProvisioner(LocalProvisioner):
    """Jupyter's local provisioner, launching by fork from the warm forkserver."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        env = dict(kwargs.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # as jupyter_client's own launcher sets it
        cwd = str(kwargs.get("cwd") or os.getcwd())
        process = context().Process(target=_kernel, args=(_kernel_args(cmd), cwd, env))
        process.start()
        self.process = _Process(process)
        self.pid = process.pid
        self.pgid = None  # signal the kernel itself, never a group read before the child's setsid
        self.cwd = cwd
        return self.connection_info
