"""A small book made with `reprobook new`, with its own environment, for tests
that need whole builds in seconds."""
import os
import subprocess
import sys
from pathlib import Path


def isolated_env() -> dict:
    """This process's environment without the settings of the project or the tests
    running it, so that the new book is found as its own project."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("REPROBOOK_", "PYTEST_"))}


def made(target: Path) -> Path:
    subprocess.run([sys.executable, "-m", "reprobook", "new", str(target)], check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "reprobook", "venv", str(target / ".venv")], cwd=target, check=True,
                   capture_output=True)
    return target


def python(book: Path) -> str:
    return str(book / ".venv" / "bin" / "python")
