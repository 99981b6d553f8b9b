"""``python -m reprobook`` is the ``reprobook`` command."""
import sys

from .cli import main

sys.exit(main())
