"""``python -m lessico``: the ``lessico`` command (lessico/cli.py)."""
import sys

from .cli import main

sys.exit(main())
