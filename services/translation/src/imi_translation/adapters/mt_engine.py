"""Machine translation engines behind one interface (TRL-005).

`TranslationEngine` is what the handlers know: a name, whether it is trusted with personal
data, and `translate`. `LibreTranslateEngine` speaks the LibreTranslate HTTP API
(`POST /translate {q, source, target, format}` -> `{translatedText}`), which self-hosted
LibreTranslate serves and a gateway puts in front of the Commission's eTranslation. A slow or
failing engine raises `EngineUnavailable` (a 503 for the reader, nothing cached).
"""

from __future__ import annotations

from typing import Protocol

import httpx

from imi_shared.errors import RuleViolation


class EngineUnavailable(RuleViolation):
    """The engine did not answer in time, or answered with an error."""

    http_status = 503


class TranslationEngine(Protocol):
    name: str
    trusted: bool

    async def translate(self, text: str, source: str, target: str) -> str: ...


class LibreTranslateEngine:
    def __init__(
        self,
        base_url: str,
        *,
        name: str = "libretranslate",
        trusted: bool = False,
        timeout: float = 10.0,
        api_key: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.name, self.trusted = name, trusted
        self._url = base_url.rstrip("/") + "/translate"
        self._timeout, self._api_key, self._transport = timeout, api_key, transport

    async def translate(self, text: str, source: str, target: str) -> str:
        body = {"q": text, "source": source, "target": target, "format": "text"}
        if self._api_key:
            body["api_key"] = self._api_key
        try:
            async with httpx.AsyncClient(timeout=self._timeout, transport=self._transport) as http:
                answer = await http.post(self._url, json=body)
        except httpx.TimeoutException as exc:
            raise EngineUnavailable("TRL-005", f"{self.name} did not answer in time") from exc
        except httpx.HTTPError as exc:
            raise EngineUnavailable("TRL-005", f"{self.name} is unreachable") from exc
        if answer.status_code != 200:
            raise EngineUnavailable("TRL-005", f"{self.name} answered {answer.status_code}")
        try:
            translated = answer.json()["translatedText"]
        except (ValueError, KeyError, TypeError) as exc:
            raise EngineUnavailable("TRL-005", f"{self.name} answered no translatedText") from exc
        if not isinstance(translated, str) or not translated.strip():
            raise EngineUnavailable("TRL-005", f"{self.name} answered an empty translation")
        return translated


def engine_from(settings) -> TranslationEngine | None:
    """The configured engine, or None: then no pair is offered (TRL-005)."""
    if not settings.mt_engine_url:
        return None
    key = settings.mt_engine_api_key
    return LibreTranslateEngine(
        settings.mt_engine_url,
        name=settings.mt_engine_name,
        trusted=settings.mt_engine_trusted,
        timeout=settings.mt_engine_timeout_seconds,
        api_key=key.get_secret_value() if key else None,
    )
