"""Directory authority search at X-006 capacity: 8,200 authorities (names in the 24 EU
languages) and 18,000 users in the search projection; p50/p95 latency of the common searches.

    .venv/bin/python bench/directory_search.py            # starts local Tansu + SecantusDB
    .venv/bin/python bench/run.py                         # baseline, then this benchmark

Searches go through the handler (`handlers.search.search_authorities`, what the route calls).
Then, with the directory app running (its broker and consumers too), the first four go through
the handler and through HTTP in-process, one after the other per probe (the app on an ASGI
transport: token check, query parsing, JSON): "HTTP adds" is the difference of the two p50s.
Each latency is printed next to the raw indexed `find_one` of the baseline measured in the same
run (bench/README.md): "12x" means one search costs as much time as 12 sequential raw indexed
find_one calls. Nothing asserts an absolute time.
Writes bench/results/directory_search.json.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from baseline import BaselineParams, ameasure_baseline, format_table  # noqa: E402
from directory_search_data import Dataset, generate  # noqa: E402

from imi_shared.auth import Principal, TokenIssuer, load_private_key  # noqa: E402
from imi_shared.mongo import make_client  # noqa: E402

RESULTS = HERE / "results"
USER = Principal(user_id="u-bench", username="bench", authority_id="a-bench", member_state="FR")
DA = USER.model_copy(update={"data_admin_las": ("services",)})


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


HTTP_SEARCHES = ("country", "LA + keyword", "NACE section", "exact name")  # also over HTTP


async def _time_one(db, reference, principal, probe: dict) -> tuple[float, int]:
    from imi_directory.handlers.search import SearchCriteria, search_authorities

    criteria = SearchCriteria(**probe)
    started = time.perf_counter()
    page = await search_authorities(db, reference, principal, criteria)
    return time.perf_counter() - started, page.total


async def _time_one_http(client, token: str, probe: dict) -> float:
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
    db, reference, data: Dataset, find_one_s: float, client, token, results: dict
) -> None:
    """With the app running, each probe through the handler then through HTTP (interleaved:
    same load), so `overhead_ms` is what HTTP adds to the search."""
    for name, (principal, scenario) in _scenarios(data).items():
        if name not in HTTP_SEARCHES:
            continue
        direct, over_http = [], []
        for probe in scenario:
            direct.append((await _time_one(db, reference, principal, probe))[0])
            over_http.append(await _time_one_http(client, token, probe))
        stats = _stats(over_http, find_one_s)
        stats["overhead_ms"] = (statistics.median(over_http) - statistics.median(direct)) * 1000
        results[name]["http"] = stats


def _stats(times: list[float], find_one_s: float) -> dict:
    ordered = sorted(times)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "count": len(times),
        "p50_ms": p50 * 1000,
        "p95_ms": p95 * 1000,
        "mean_ms": statistics.fmean(times) * 1000,
        "p50_in_raw_find_ones": p50 * find_one_s,
        "p95_in_raw_find_ones": p95 * find_one_s,
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
            async with _http_client(kafka, mongo_uri, db_name) as (web, token):
                await _measure_http(db, reference, data, find_one_s, web, token, results)
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
    }


@contextlib.asynccontextmanager
async def _http_client(kafka: str, mongo_uri: str, db_name: str):
    """The directory app (no outbox relay) on an ASGI transport, and a bearer token."""
    import httpx

    from imi_directory.app import create_app
    from imi_directory.settings import DirectorySettings

    settings = DirectorySettings(
        kafka_bootstrap=kafka,
        mongo_uri=mongo_uri,
        db_name=db_name,
        topic_prefix=f"bench{uuid.uuid4().hex[:8]}.",
        log_level="WARNING",
    )
    token = TokenIssuer(load_private_key("", "local"), settings.jwt_issuer).issue(USER)
    app = create_app(settings, run_relay=False)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://directory") as client:
            yield client, token


def format_search_table(report: dict) -> str:
    head = (
        "search",
        "results",
        "p50 ms",
        "p95 ms",
        "p50 / raw find_one",
        "HTTP p50 ms",
        "HTTP p95 ms",
        "HTTP adds",
    )
    rows = [head]
    for name, r in report["searches"].items():
        h, w = r["handler"], r.get("http")
        rows.append(
            (
                name,
                f"{r['mean_results']:,.0f}",
                f"{h['p50_ms']:.1f}",
                f"{h['p95_ms']:.1f}",
                f"{h['p50_in_raw_find_ones']:.1f}x",
                f"{w['p50_ms']:.1f}" if w else "-",
                f"{w['p95_ms']:.1f}" if w else "-",
                f"{w['overhead_ms']:.1f} ms" if w else "-",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = [
        "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=False))
        )
        for r in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    title = (
        f"Directory search: {report['authorities']:,} authorities, {report['users']:,} "
        f"users (loaded in {report['load_seconds']:.1f}s); raw indexed find_one "
        f"{report['raw_find_one_indexed_per_s']:,.0f}/s = "
        f"{1000 / report['raw_find_one_indexed_per_s']:.2f} ms"
    )
    return "\n".join([title, *lines])


def write_report(report: dict, baseline: dict, servers: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(
            {
                "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "servers": servers,
                "directory_search": report,
                "baseline": baseline,
            },
            indent=2,
        )
        + "\n"
    )


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
