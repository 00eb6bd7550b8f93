"""Everything the launcher prints."""

from __future__ import annotations

import os
import sys
from collections import deque
from pathlib import Path


def say(message: str = "") -> None:
    print(message, flush=True)


def warn(message: str) -> None:
    print(f"!! {message}", file=sys.stderr, flush=True)


def shown(path: Path) -> str:
    """A path relative to the working directory when it is below it."""
    if Path(path).resolve().is_relative_to(Path.cwd()):
        return os.path.relpath(path)
    return str(path)


def log_tail(path: Path, lines: int = 25) -> str:
    try:
        with open(path, errors="replace") as f:
            tail = deque(f, maxlen=lines)
    except OSError:
        return f"(no log at {shown(path)})"
    if not tail:
        return f"(log {shown(path)} is empty)"
    body = "".join("    | " + line.rstrip("\n") + "\n" for line in tail)
    return f"  last {len(tail)} lines of {shown(path)}:\n{body}".rstrip("\n")


def table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    fmt = "  " + "  ".join(f"{{:<{w}}}" for w in widths)
    return "\n".join(fmt.format(*r).rstrip() for r in [header, *rows])
