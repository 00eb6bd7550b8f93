"""The checked-in contract files of a service: render them, write them, find drift.

Layout under `services/<svc>/contract/`: `asyncapi.json`, `schemas/envelope.json` and one
`schemas/<message>.json` per published message. JSON with sorted keys, two-space indent and a
final newline, so a regeneration with no change in code is no change in git.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from .asyncapi import asyncapi_document, schema_file
from .model import ServiceContract
from .schemas import ENVELOPE_FILE, envelope_schema, event_schema

REGENERATE = "make contracts"  # or: python -m imi_shared.contracts <service>


def dumps(document: Any) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render(contract: ServiceContract) -> dict[str, str]:
    """Every file of the contract: relative path → content."""
    files = {"asyncapi.json": dumps(asyncapi_document(contract))}
    files[f"schemas/{ENVELOPE_FILE}"] = dumps(envelope_schema())
    for name, _, cls in contract.messages():
        files[f"schemas/{schema_file(name)}"] = dumps(event_schema(cls))
    return files


def load_contract(service: str) -> ServiceContract:
    module = importlib.import_module(f"imi_{service}.contract")
    return module.CONTRACT


def contract_dir(service: str) -> Path:
    """`services/<svc>/contract/`, found from the service's (editable) package location."""
    module = importlib.import_module(f"imi_{service}.contract")
    assert module.__file__ is not None
    return Path(module.__file__).resolve().parents[2] / "contract"


def write(contract: ServiceContract, directory: Path) -> list[Path]:
    """Write the contract's files, removing schema files of messages no longer published."""
    files = render(contract)
    schemas = directory / "schemas"
    schemas.mkdir(parents=True, exist_ok=True)
    for stale in schemas.glob("*.json"):
        if f"schemas/{stale.name}" not in files:
            stale.unlink()
    written = []
    for relative, content in sorted(files.items()):
        path = directory / relative
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            written.append(path)
    return written


def drift(contract: ServiceContract, directory: Path) -> list[str]:
    """What differs between the code's contract and the checked-in files (empty: none)."""
    files = render(contract)
    problems = []
    on_disk = {f"schemas/{p.name}" for p in (directory / "schemas").glob("*.json")}
    if (directory / "asyncapi.json").exists():
        on_disk.add("asyncapi.json")
    for relative in sorted(files.keys() - on_disk):
        problems.append(f"{relative} is missing")
    for relative in sorted(on_disk - files.keys()):
        problems.append(f"{relative} is no longer published")
    for relative in sorted(files.keys() & on_disk):
        if (directory / relative).read_text(encoding="utf-8") != files[relative]:
            problems.append(f"{relative} differs from the code")
    return problems


def drift_message(service: str, problems: list[str]) -> str:
    listed = "\n  ".join(problems)
    return (
        f"the {service} contract under services/{service}/contract/ disagrees with the code:\n"
        f"  {listed}\nrun `{REGENERATE}` (or `python -m imi_shared.contracts {service}`), "
        f"review the diff (a removed field or enum value breaks consumers: bump the major "
        f"schema_version) and commit it"
    )
