"""Pure domain tests of the notifier. Puts this folder on sys.path so test modules can
`from routing_facts import ...` (the shared directory facts of the routing tests)."""

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
