"""The LibreTranslate-compatible engine against a real HTTP server started by the test
(imi_testkit.libretranslate): request shape, success, timeout, 5xx (TRL-005)."""

import pytest

from imi_testkit.libretranslate import LibreTranslateServer
from imi_translation.adapters.mt_engine import EngineUnavailable, LibreTranslateEngine


async def test_trl_005_the_engine_posts_the_libretranslate_request_and_reads_the_answer():
    with LibreTranslateServer({("de", "pt", "Guten Tag"): "Bom dia"}) as server:
        engine = LibreTranslateEngine(server.url, api_key="k", timeout=5)
        translated = await engine.translate("Guten Tag", "de", "pt")
    assert translated == "Bom dia"
    assert server.requests == [
        {"q": "Guten Tag", "source": "de", "target": "pt", "format": "text", "api_key": "k"}
    ]


async def test_trl_005_a_slow_engine_times_out():
    with LibreTranslateServer() as server:
        server.mode = "slow"
        engine = LibreTranslateEngine(server.url, timeout=0.3)
        with pytest.raises(EngineUnavailable) as failed:
            await engine.translate("Guten Tag", "de", "pt")
        server.release()
    assert failed.value.http_status == 503 and "in time" in failed.value.message


async def test_trl_005_a_5xx_or_an_unreachable_engine_is_unavailable():
    with LibreTranslateServer() as server:
        server.mode = "error"
        engine = LibreTranslateEngine(server.url, timeout=5)
        with pytest.raises(EngineUnavailable) as failed:
            await engine.translate("Guten Tag", "de", "pt")
        url = server.url
    assert "500" in failed.value.message
    with pytest.raises(EngineUnavailable) as unreachable:
        await LibreTranslateEngine(url, timeout=2).translate("Guten Tag", "de", "pt")
    assert "unreachable" in unreachable.value.message
