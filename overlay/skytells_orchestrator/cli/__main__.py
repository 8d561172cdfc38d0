"""``python -m skytells_orchestrator.cli``: the same as the ``skytells-orchestrator`` command."""

from __future__ import annotations

import sys

from . import main

sys.exit(main())
