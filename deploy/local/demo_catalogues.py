"""Post-start step of `make run`: the translation service serves its catalogues; a question
set of the Professional Qualifications Directive is read in English and in French (TRL-001,
TRL-014): the same codes, each reader's labels, no machine translation.

Against a `make run` already running:

    .venv/bin/python deploy/local/demo_catalogues.py [--translation-url http://127.0.0.1:8107]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from console import say  # noqa: E402

QUESTION_SET = "PQ-GENERAL"
TAG = "[catalogues demo]"
SHOWN = 3  # questions printed per language


def _headers() -> dict[str, str]:
    """A reader's token, signed with the local development key (as the directory signs it)."""
    from imi_shared.auth import Principal, TokenIssuer, load_private_key
    from imi_shared.settings import ServiceSettings

    env = ServiceSettings()
    issuer = TokenIssuer(load_private_key("", env.environment), env.jwt_issuer)
    reader = Principal(
        user_id="demo-reader", username="demo.reader", authority_id="demo-reader", member_state="FR"
    )
    return {"Authorization": f"Bearer {issuer.issue(reader)}"}


def show_question_set(base_url: str, out: Callable[[str], None] = say) -> str:
    import httpx

    headers = _headers()
    with httpx.Client(base_url=base_url, timeout=30.0, headers=headers) as http:
        keywords = http.get("/catalogues/keywords", params={"lang": "en"})
        keywords.raise_for_status()
        for lang in ("en", "fr"):
            sets = http.get("/catalogues/question-sets", params={"lang": lang})
            questions = http.get(
                "/catalogues/question", params={"lang": lang, "parent": QUESTION_SET}
            )
            sets.raise_for_status()
            questions.raise_for_status()
            (title,) = [s["text"] for s in sets.json()["items"] if s["code"] == QUESTION_SET]
            out(f"{TAG} {lang.upper()} {QUESTION_SET}: {title}")
            for q in questions.json()["items"][:SHOWN]:
                out(f"{TAG} {lang.upper()}   {q['code']}: {q['text']}")
    return (
        f"question set {QUESTION_SET} shown in EN and FR; "
        f"{len(keywords.json()['items'])} LA keyword codes listed"
    )


def play_catalogues_demo(ctx) -> str:
    return show_question_set(ctx.service_urls["translation"])


if __name__ == "__main__":  # pragma: no cover - manual use against a running stack
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--translation-url", default="http://127.0.0.1:8107")
    say(show_question_set(parser.parse_args().translation_url))
