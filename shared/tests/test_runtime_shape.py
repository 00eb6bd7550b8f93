"""The runtime a service gets is typed: its own dependencies live in `context`, never an
untyped bag (issue 8: directory's and alerts' `runtime.extras` are gone)."""

from dataclasses import fields

from imi_shared.runtime import ServiceRuntime


def test_runtime_has_a_typed_context_and_no_extras_dict():
    names = {f.name for f in fields(ServiceRuntime)}
    assert "context" in names
    assert "extras" not in names
    assert not any(f.type in (dict, "dict") for f in fields(ServiceRuntime))
