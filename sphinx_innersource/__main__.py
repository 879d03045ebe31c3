"""``python -m sphinx_innersource``: the ``sphinx-innersource`` command."""

import sys

from .cli import main

sys.exit(main())
