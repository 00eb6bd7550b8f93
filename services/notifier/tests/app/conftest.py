"""Notifier tests: pure domain tests, handler tests on the kernel's fakes, and one app test on
the real local servers (kernel fixtures `infra`, `topics`, `db_name`). Puts this folder on
sys.path so test modules can `from notifier_support import ...`."""

import sys
from pathlib import Path

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)
