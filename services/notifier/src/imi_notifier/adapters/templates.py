"""The e-mail templates, read once at start from the translation service's catalogue.

The templates are catalogue items of kind `email_template` kept by the translation service
(`imi_translation/catalogues/email_templates.json`: shipped reference data, seeded into its
catalogue and served by its API, TRL-001). The notifier loads the same published file when it
starts (`settings.templates_file` overrides it), so nothing is asked of translation at send
time (X-053). [DESIGN] A label `commission_translation` edits later reaches the notifier at its
next release: `catalogue.item_changed` carries no label text.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from ..domain.rendering import Catalogue

KIND = "email_template"
CATALOGUE_PACKAGE, CATALOGUE_FILE = "imi_translation.catalogues", "email_templates.json"


def load_templates(path: str | None = None) -> Catalogue:
    """`{"<code>.subject": {lang: text}, "<code>.body": {...}}` from the catalogue file."""
    if path:
        raw = Path(path).read_text(encoding="utf-8")
    else:
        raw = resources.files(CATALOGUE_PACKAGE).joinpath(CATALOGUE_FILE).read_text("utf-8")
    catalogue: dict[str, dict[str, str]] = {}
    for item in json.loads(raw)["items"]:
        if item.get("kind") != KIND:
            continue
        labels = {k: v for k, v in item.items() if len(k) == 2 and isinstance(v, str)}
        catalogue[item["code"]] = labels
    return catalogue
