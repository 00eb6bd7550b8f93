"""Legislative areas, their workflows and keyword lists: configuration data (X-004).

The domain receives a `LegislativeAreaCatalog`; the service builds it from the packaged
reference data (`LegislativeAreaCatalog.from_reference(default_reference().legislative_areas())`,
see `imi_directory.reference`), so this module does no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from pydantic import BaseModel, ConfigDict

from imi_shared.errors import InvalidInput

from .enums import Workflow

SERVICES = "services"


class LegislativeAreaDef(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    workflows: frozenset[Workflow]
    keywords: frozenset[str] = frozenset()


class LegislativeAreaCatalog:
    """The legislative areas the system knows, with workflows and keyword lists."""

    def __init__(self, areas: Iterable[LegislativeAreaDef]) -> None:
        self._areas: Mapping[str, LegislativeAreaDef] = {a.code: a for a in areas}
        for area in self._areas.values():
            if Workflow.ALERTS in area.workflows and area.code != SERVICES:
                raise ValueError("X-004: the alerts workflow exists only in the services LA")

    @classmethod
    def from_reference(cls, areas: Iterable[object]) -> LegislativeAreaCatalog:
        """From `imi_directory.reference.LegislativeArea` objects (code, title, workflows,
        keywords with codes), duck-typed."""
        return cls(
            LegislativeAreaDef(
                code=area.code,  # type: ignore[attr-defined]
                name=area.title,  # type: ignore[attr-defined]
                workflows=frozenset(Workflow(w) for w in area.workflows),  # type: ignore
                keywords=frozenset(k.code for k in area.keywords),  # type: ignore
            )
            for area in areas
        )

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._areas)

    def __contains__(self, code: object) -> bool:
        return code in self._areas

    def get(self, code: str) -> LegislativeAreaDef:
        try:
            return self._areas[code]
        except KeyError:
            raise InvalidInput("X-004", f"unknown legislative area {code!r}") from None

    def workflows(self, code: str) -> frozenset[Workflow]:
        return self.get(code).workflows

    def keywords(self, code: str) -> frozenset[str]:
        return self.get(code).keywords

    def check_pair(self, code: str, workflow: Workflow) -> None:
        """X-004: the workflow must exist in the legislative area."""
        if workflow not in self.workflows(code):
            raise InvalidInput(
                "X-004", f"the {workflow} workflow does not exist in legislative area {code!r}"
            )

    def check_keywords(self, code: str, keywords: Iterable[str]) -> None:
        """DIR-026: at least one keyword, each from the LA's keyword list."""
        chosen = set(keywords)
        if not chosen:
            raise InvalidInput("DIR-026", f"legislative area {code!r} needs at least one keyword")
        unknown = chosen - self.keywords(code)
        if unknown:
            raise InvalidInput(
                "DIR-026", f"keywords {sorted(unknown)} are not in the list of {code!r}"
            )


class LaWorkflow(BaseModel):
    """A legislative area + workflow pair (invitations, DIR-047)."""

    model_config = ConfigDict(frozen=True)

    la_code: str
    workflow: Workflow
