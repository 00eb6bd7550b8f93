"""Templates and rendering (NOT-001): every code written out in English and French."""

import pytest

from imi_notifier.adapters.templates import load_templates
from imi_notifier.domain.codes import CODES
from imi_notifier.domain.rendering import MissingTemplate, render

TEMPLATES = load_templates()


@pytest.mark.parametrize("code", sorted(CODES))
def test_not_001_every_code_has_an_english_and_a_french_template(code):
    for part in ("subject", "body"):
        labels = TEMPLATES[f"{code}.{part}"]
        assert labels["en"].strip() and labels["fr"].strip() and labels["en"] != labels["fr"]
    mail = render(TEMPLATES, code, "fr", {"ref": "R-1", "link": "https://imi.local/x"})
    assert (mail.language, mail.fallback) == ("fr", False)
    assert "{" not in mail.text + mail.subject  # every placeholder filled (empty if absent)


def test_not_001_the_html_part_escapes_what_it_is_given():
    mail = render(TEMPLATES, "N_REG_DELETED", "en", {"register_name": "<b>Reg & Co</b>"})
    assert "&lt;b&gt;Reg &amp; Co&lt;/b&gt;" in mail.html and "<b>" not in mail.html
    assert "<b>Reg & Co</b>" in mail.text


def test_not_001_an_unknown_code_has_no_template():
    with pytest.raises(MissingTemplate):
        render(TEMPLATES, "N_NOPE", "en", {})
