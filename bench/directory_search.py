"""Directory authority search at X-006 capacity: 8,200 authorities (names in the 24 EU
languages) and 18,000 users in the search projection; p50/p95 latency of the common searches.

    .venv/bin/python bench/directory_search.py            # starts local Tansu + SecantusDB
    .venv/bin/python bench/run.py                         # baseline, then this benchmark

Searches go through the handler (`handlers.search.search_authorities`, what the route calls).
Then, with the directory app running (its broker and consumers too), every probe goes through
the handler and through HTTP in-process, one after the other (the app on an ASGI transport:
token check, query parsing, JSON): "HTTP adds" is the difference of the two p50s. Last, the
projection's write of one changed authority (`SearchIndex.put` in a transaction) is timed.
Each latency is printed next to the raw baseline measured in the same run (bench/README.md):
"12x" means one search costs as much time as 12 sequential raw indexed find_one calls (a write:
as many raw 2-write transactions). Nothing asserts an absolute time.
Writes bench/results/directory_search.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from baseline import BaselineParams, ameasure_baseline, format_table  # noqa: E402
from directory_search_data import Dataset, generate  # noqa: E402
from directory_search_report import format_search_table, write_report  # noqa: E402, F401

from imi_shared.auth import Principal, TokenIssuer, load_private_key  # noqa: E402
from imi_shared.mongo import make_client  # noqa: E402

RESULTS = HERE / "results"
USER = Principal(user_id="u-bench", username="bench", authority_id="a-bench", member_state="FR")
DA = USER.model_copy(update={"user_id": "u-bench-da", "data_admin_las": ("services",)})


def _scenarios(data: Dataset) -> dict[str, tuple[Principal, list[dict]]]:
    p = data.probes
    return {
        "country": (USER, [{"country": ms} for ms in p["country"]]),
        "LA + keyword": (USER, [{"la": la, "keywords": (kw,)} for la, kw in p["keyword"]]),
        "NACE section": (USER, [{"nace": code} for code in p["section"]]),
        "exact name": (USER, [{"name": name} for name in p["name"]]),
        "free text, 2 words": (USER, [{"q": text} for text in p["words"]]),
        "country + LA + keyword": (
            USER,
            [
                {"country": ms, "la": la, "keywords": (kw,)}
                for ms, (la, kw) in zip(p["country"], p["keyword"], strict=False)
            ],
        ),
        "e-mail of a user (DA)": (DA, [{"email": email} for email in p["email"]]),
    }


async def _time_one(db, reference, principal, probe: dict) -> tuple[float, int]:
    from imi_directory.handlers.search import SearchCriteria, search_authorities

    criteria = SearchCriteria(**probe)
    started = time.perf_counter()
    page = await search_authorities(db, reference, principal, criteria)
    return time.perf_counter() - started, page.total


async def _time_one_http(client, token: str, probe: dict) -> float:
    """One GET /search/authorities (`keywords` is the repeated `keyword` parameter)."""
    params = {
        ("keyword" if k == "keywords" else k): (list(v) if k == "keywords" else v)
        for k, v in probe.items()
    }
    started = time.perf_counter()
    response = await client.get(
        "/search/authorities", params=params, headers={"Authorization": f"Bearer {token}"}
    )
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise RuntimeError(f"HTTP {response.status_code}: {response.text}")
    return elapsed


async def _measure(db, reference, data: Dataset, find_one_s: float) -> dict:
    results = {}
    for name, (principal, scenario) in _scenarios(data).items():
        timed = [await _time_one(db, reference, principal, probe) for probe in scenario]
        results[name] = {
            "handler": _stats([t for t, _ in timed], find_one_s),
            "mean_results": statistics.fmean(n for _, n in timed),
        }
    return results


async def _measure_http(
    db, reference, data: Dataset, find_one_s: float, client, tokens, results: dict
) -> None:
    """With the app running, each probe through the handler then through HTTP (interleaved:
    same load), so `overhead_ms` is what HTTP adds to the search."""
    for name, (principal, scenario) in _scenarios(data).items():
        direct, over_http = [], []
        for probe in scenario:
            direct.append((await _time_one(db, reference, principal, probe))[0])
            over_http.append(await _time_one_http(client, tokens[principal.user_id], probe))
        stats = _stats(over_http, find_one_s)
        stats["overhead_ms"] = (statistics.median(over_http) - statistics.median(direct)) * 1000
        results[name]["http"] = stats


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]


def _stats(times: list[float], find_one_s: float) -> dict:
    p50, p95 = _percentiles(times)
    return {
        "count": len(times),
        "p50_ms": p50 * 1000,
        "p95_ms": p95 * 1000,
        "mean_ms": statistics.fmean(times) * 1000,
        "p50_in_raw_find_ones": p50 * find_one_s,
        "p95_in_raw_find_ones": p95 * find_one_s,
    }


async def _measure_writes(client, db, reference, data: Dataset, tx_s: float, count=30) -> dict:
    """What the projection consumer writes for one changed authority (`SearchIndex.put` in
    a transaction, as `refresh_authority` runs it): a renamed active authority, the costliest
    change for the postings (its entry moves in every posting it is in)."""
    from imi_directory.adapters.search_index import SearchIndex
    from imi_directory.domain.enums import AuthorityStatus

    changed = [a for a in data.authorities[30:] if a.status is AuthorityStatus.ACTIVE][:count]
    times = []
    for authority in changed:
        renamed = authority.model_copy(update={"official_name": f"{authority.official_name} II"})
        started = time.perf_counter()
        async with client.start_session() as session:
            async with await session.start_transaction():
                await SearchIndex(db, session).put(renamed, reference, 2)
        times.append(time.perf_counter() - started)
    p50, p95 = _percentiles(times)
    return {
        "change": "official name",
        "count": len(times),
        "p50_ms": p50 * 1000,
        "p95_ms": p95 * 1000,
        "p50_in_raw_tx": p50 * tx_s,
        "p95_in_raw_tx": p95 * tx_s,
        "raw_tx_two_writes_per_s": tx_s,
    }


async def ameasure_directory_search(
    kafka: str,
    mongo_uri: str,
    baseline: dict,
    authorities: int = 8200,
    users: int = 18000,
    probes: int = 40,
    http: bool = True,
) -> dict:
    """Load the projection into a fresh database, time the searches, drop the database."""
    from imi_directory.adapters.search_index import SearchIndex, ensure_indexes
    from imi_directory.reference import default_reference

    reference = default_reference()
    data = generate(authorities, users, probes, reference)
    client = make_client(mongo_uri)
    db_name = f"bench_directory_{uuid.uuid4().hex[:10]}"
    db = client[db_name]
    find_one_s = baseline["mongo_find_one_indexed_s"]
    try:
        await ensure_indexes(db)
        started = time.perf_counter()
        await SearchIndex(db).load(data.search, data.names, data.users)
        load_s = time.perf_counter() - started
        results = await _measure(db, reference, data, find_one_s)
        if http:
            async with _http_client(kafka, mongo_uri, db_name) as (web, tokens):
                await _measure_http(db, reference, data, find_one_s, web, tokens, results)
        writes = await _measure_writes(
            client, db, reference, data, baseline["mongo_tx_two_writes_s"]
        )
    finally:
        await client.drop_database(db_name)
        await client.close()
    return {
        "authorities": authorities,
        "users": users,
        "probes_per_search": probes,
        "load_seconds": load_s,
        "documents": {
            "search": len(data.search),
            "names": len(data.names),
            "users": len(data.users),
        },
        "raw_find_one_indexed_per_s": find_one_s,
        "searches": results,
        "projection_writes": writes,
    }


@contextlib.asynccontextmanager
async def _http_client(kafka: str, mongo_uri: str, db_name: str):
    """The directory app (no outbox relay) on an ASGI transport, and a bearer token per
    principal of the probes (user id → token)."""
    import httpx

    from imi_directory.app import create_app
    from imi_directory.settings import DirectorySettings
    from imi_shared.keys.local import LocalKeyEncryptionKeys

    settings = DirectorySettings(
        kafka_bootstrap=kafka,
        mongo_uri=mongo_uri,
        db_name=db_name,
        topic_prefix=f"bench{uuid.uuid4().hex[:8]}.",
        log_level="WARNING",
    )
    issuer = TokenIssuer(load_private_key("", "local"), settings.jwt_issuer)
    tokens = {p.user_id: issuer.issue(p) for p in (USER, DA)}
    # A keyring of the run, never written to disk (the app refuses to start without a KEK).
    kek = LocalKeyEncryptionKeys.generate("kek-bench")
    app = create_app(settings, kek=kek, run_relay=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://directory") as client:
            yield client, tokens


def main(argv: list[str] | None = None) -> int:
    from run import servers  # the same server choice as `make bench`

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--authorities", type=int, default=8200)
    parser.add_argument("--users", type=int, default=18000)
    parser.add_argument("--probes", type=int, default=40)
    parser.add_argument("--no-http", action="store_true")
    parser.add_argument("--out", type=Path, default=RESULTS / "directory_search.json")
    args = parser.parse_args(argv)
    with servers() as (kafka, mongo, kinds):
        baseline = asyncio.run(ameasure_baseline(kafka, mongo, BaselineParams(messages=5000)))
        report = asyncio.run(
            ameasure_directory_search(
                kafka, mongo, baseline, args.authorities, args.users, args.probes, not args.no_http
            )
        )
    print(format_table(baseline))
    print()
    print(format_search_table(report))
    write_report(report, baseline, kinds, args.out)
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
