"""Retention handler tests: the kernel fakes; puts this folder on sys.path for `retention_fakes`."""

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
