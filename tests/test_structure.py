"""No import cycle in any package of the project, `TYPE_CHECKING` ones included (the brief: no
import cycles; issue 8: the directory's cycle was held together by `TYPE_CHECKING`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from imi_testkit.structure import import_cycles, import_graph

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = sorted(
    path
    for pattern in ("shared/src/imi_*", "testkit/src/imi_*", "services/*/src/imi_*")
    for path in ROOT.glob(pattern)
    if path.is_dir() and not path.name.endswith(".egg-info")
)


def test_every_package_is_found():
    names = {p.name for p in PACKAGES}
    assert {"imi_shared", "imi_testkit", "imi_directory", "imi_alerts", "imi_requests"} <= names
    assert len(names) >= 10


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.name)
def test_no_import_cycle(package: Path):
    graph = import_graph(package, package.name)
    assert len(graph) >= 2
    assert import_cycles(graph) == []


def test_a_type_checking_cycle_is_seen(tmp_path: Path):
    package = tmp_path / "demo"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from .b import B\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import A\n"
    )
    (package / "c.py").write_text("from demo import a\n")
    graph = import_graph(package, "demo")
    assert graph["demo.c"] == {"demo.a"}
    assert import_cycles(graph) == [["demo.a", "demo.b"]]
