"""Puts this folder on sys.path so the fuzz test can `from fuzzing import ...`; the figures
line (`fuzz_summary`) is written by the root conftest's terminal summary: under xdist the
controller never loads this folder's conftest."""

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
