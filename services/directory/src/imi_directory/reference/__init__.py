"""Reference data of the directory service: legislative areas and their keyword lists,
competence catalogues (NACE Rev. 2, EU policy areas), participants and EU languages.

Pure: the only I/O is reading the JSON files in `data/`. Names of countries and languages
come from pycountry and Babel (CLDR).
"""

from imi_directory.reference.errors import (
    MissingKeyword,
    UnknownKeyword,
    UnknownLanguage,
    UnknownLegislativeArea,
    UnknownNaceCode,
    UnknownParticipant,
    UnknownPolicyArea,
    UnknownReferenceCode,
    UnknownWorkflow,
)
from imi_directory.reference.hierarchy import Hierarchy
from imi_directory.reference.models import (
    CatalogueEntry,
    CatalogueNode,
    Keyword,
    Language,
    LegislativeArea,
    Participant,
    Workflow,
)
from imi_directory.reference.names import EU_LANGUAGES, check_language
from imi_directory.reference.reference_data import ReferenceData, default_reference

__all__ = [
    "EU_LANGUAGES",
    "CatalogueEntry",
    "CatalogueNode",
    "Hierarchy",
    "Keyword",
    "Language",
    "LegislativeArea",
    "MissingKeyword",
    "Participant",
    "ReferenceData",
    "UnknownKeyword",
    "UnknownLanguage",
    "UnknownLegislativeArea",
    "UnknownNaceCode",
    "UnknownParticipant",
    "UnknownPolicyArea",
    "UnknownReferenceCode",
    "UnknownWorkflow",
    "Workflow",
    "check_language",
    "default_reference",
]
