"""Register search at 5,000 registers in ten states and their languages: p50/p95 at the
handler (`handlers.search.quick_search` / `advanced_search`, what the routes call) of the quick
search with words as written, the quick search with misspelt words found only by their
phonetic keys, and the advanced search (with a country, and without one: every state's
postings), each next to a raw indexed `find_one` on the same
collection measured in the same run (bench/README.md: "12x" = as long as 12 sequential raw
find_one calls). Goal (issue 13): p95 <= 50 ms at the handler. Nothing asserts a time.

    .venv/bin/python bench/registers_search.py        # starts a local SecantusDB
    .venv/bin/python bench/run.py                     # after the baseline, on the same server

Writes bench/results/registers_search.json.
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
STATES = {  # state: (language, places, words of register names)
    "FR": ("fr", ["Paris", "Lyon", "Marseille", "Bordeaux", "Lille"],
           ["registre", "répertoire", "tableau", "ordre", "liste", "fichier"]),
    "DE": ("de", ["München", "Berlin", "Hamburg", "Köln", "Stuttgart"],
           ["Register", "Verzeichnis", "Rolle", "Liste", "Kammer", "Kataster"]),
    "IT": ("it", ["Roma", "Milano", "Napoli", "Torino", "Firenze"],
           ["registro", "albo", "elenco", "anagrafe", "ordine", "ruolo"]),
    "ES": ("es", ["Madrid", "Barcelona", "Sevilla", "Valencia", "Bilbao"],
           ["registro", "censo", "colegio", "padrón", "listado", "catálogo"]),
    "PL": ("pl", ["Warszawa", "Kraków", "Gdańsk", "Poznań", "Wrocław"],
           ["rejestr", "ewidencja", "wykaz", "lista", "izba", "spis"]),
    "NL": ("nl", ["Amsterdam", "Rotterdam", "Utrecht", "Eindhoven", "Groningen"],
           ["register", "lijst", "kamer", "archief", "overzicht", "bestand"]),
    "AT": ("de", ["Wien", "Graz", "Linz", "Salzburg", "Innsbruck"],
           ["Register", "Verzeichnis", "Liste", "Kammer", "Buch", "Evidenz"]),
    "BE": ("fr", ["Bruxelles", "Liège", "Namur", "Gand", "Anvers"],
           ["registre", "liste", "tableau", "banque", "répertoire", "ordre"]),
    "SE": ("sv", ["Stockholm", "Göteborg", "Malmö", "Uppsala", "Västerås"],
           ["register", "förteckning", "matrikel", "rulla", "lista", "databas"]),
    "PT": ("pt", ["Lisboa", "Porto", "Braga", "Coimbra", "Faro"],
           ["registo", "cadastro", "ordem", "lista", "inscrição", "arquivo"]),
}  # fmt: skip
TRADES = ["architectes", "Ingenieure", "avvocati", "médicos", "lekarzy", "apothekers",
          "Handwerker", "farmacêuticos", "veterinärer", "notaires", "Steuerberater", "geometri",
          "arquitectos", "pielęgniarek", "makelaars", "elektriker", "contabilistas", "guides",
          "transportistas", "Bauunternehmen"]  # fmt: skip


def _misspell(word: str) -> str:
    """A spelling with the same Soundex key: a vowel changed or a consonant doubled."""
    for i, c in enumerate(word[1:], 1):
        if c in "aeiou":
            return word[:i] + ("e" if c != "e" else "a") + word[i + 1 :]
    return word[:2] + word[1] + word[2:]


def generate(count: int, rnd: random.Random):
    from imi_registers.domain.details import (
        GeographicCoverage,
        Link,
        Owner,
        RegisterDetails,
        RegisterType,
    )
    from imi_registers.domain.register import Actor, add_register
    from imi_registers.reference import default_reference

    ref = default_reference()
    now = datetime.now(UTC)
    registers = []
    for i in range(count):
        ms = list(STATES)[i % len(STATES)]
        lang, places, nouns = STATES[ms]
        rtype = rnd.choice([RegisterType.GENERAL, RegisterType.SPECIFIC])
        cats = rnd.sample(sorted(ref.categories_of(rtype.value)), 2)
        regional = ms in ref.regions and rnd.random() < 0.4
        region = rnd.choice(sorted(ref.regions[ms])) if regional else None
        name = f"{rnd.choice(nouns)} {rnd.choice(TRADES)} {rnd.choice(places)} {i}"
        details = RegisterDetails(
            official_name=f"{name} ({rnd.choice(nouns)} {rnd.choice(TRADES)})",
            informal_name=name, informal_name_language=lang,
            coverage=GeographicCoverage.REGIONAL if regional else GeographicCoverage.NATIONAL,
            register_type=rtype, owner=Owner(f"{rnd.choice(nouns)} {rnd.choice(places)}"),
            region_code=region, category_codes=tuple(cats),
            info_type_codes=tuple(rnd.sample(sorted(ref.info_types), 3)),
            online=(online := rnd.random() < 0.7), registration_mandatory=rnd.random() < 0.5,
            links=(Link(f"https://example.org/{ms}/{i}", lang),) if online else (),
        )  # fmt: skip
        actor = Actor(f"u-{i}", f"ca-{ms}-{i % 40}", ms, local_data_admin=True)
        registers.append(add_register(f"reg-{i:05d}", details, actor, now, ref))
    return registers


def _stats(times: list[float], find_one_s: float) -> dict:
    ordered = sorted(times)
    p50, p95 = statistics.median(ordered), ordered[round(0.95 * (len(ordered) - 1))]
    return {"count": len(times), "p50_ms": p50 * 1000, "p95_ms": p95 * 1000,
            "p50_in_raw_find_ones": p50 / find_one_s, "p95_in_raw_find_ones": p95 / find_one_s}  # fmt: skip


async def ameasure_registers_search(mongo_uri: str, count: int = 5000, probes: int = 40) -> dict:
    from imi_registers.adapters import register_postings
    from imi_registers.adapters.register_index import COLLECTION, ensure_indexes, index_document
    from imi_registers.context import RegistersContext
    from imi_registers.domain.search_terms import words
    from imi_registers.handlers.search import AdvancedCriteria, advanced_search, quick_search
    from imi_registers.settings import RegistersSettings
    from imi_shared.mongo import UnitOfWork, make_client

    rnd = random.Random(13)
    registers = generate(count, rnd)
    client = make_client(mongo_uri)
    db_name = f"bench_registers_{uuid.uuid4().hex[:10]}"
    db = client[db_name]
    ctx = RegistersContext.create(RegistersSettings(db_name=db_name), UnitOfWork(client, db_name))
    try:
        await ensure_indexes(db)
        started = time.perf_counter()
        docs = [{**index_document(r, {}, ""), "version": 1} for r in registers]  # + postings
        for i in range(0, len(docs), 500):
            await db[COLLECTION].insert_many(docs[i : i + 500])
        buckets = register_postings.build(docs)  # what the commands write, built at once
        for i in range(0, len(buckets), 500):
            await db[register_postings.COLLECTION].insert_many(buckets[i : i + 500])
        load_s = time.perf_counter() - started
        sample = rnd.sample(registers, probes)
        raw = []  # the same run's raw indexed find_one on the same collection
        for r in sample * 5:
            t = time.perf_counter()
            await db[COLLECTION].find_one({"_id": r.register_id})
            raw.append(time.perf_counter() - t)
        find_one_s = statistics.fmean(raw)

        def two_words(r):
            return " ".join(words(r.details.informal_name)[:2])

        scenarios = {
            "quick, 2 words as written": [
                ("q", r.member_state, two_words(r), STATES[r.member_state][0]) for r in sample
            ],
            "quick, 2 words misspelt (phonetic)": [
                (
                    "q",
                    r.member_state,
                    " ".join(_misspell(w) for w in two_words(r).split()),
                    STATES[r.member_state][0],
                )
                for r in sample
            ],  # fmt: skip
            "advanced: country + type + category": [
                (
                    "a",
                    AdvancedCriteria(
                        member_state=r.member_state,
                        register_type=r.details.register_type.value,
                        category_codes=r.details.category_codes[0],
                    ),
                    "en",
                )
                for r in sample
            ],  # fmt: skip
            "advanced: type + category, no country": [
                (
                    "a",
                    AdvancedCriteria(
                        register_type=r.details.register_type.value,
                        category_codes=r.details.category_codes[0],
                    ),
                    "en",
                )
                for r in sample
            ],  # fmt: skip
            "advanced: country + name word + online": [
                (
                    "a",
                    AdvancedCriteria(
                        member_state=r.member_state,
                        online=r.details.online,
                        register_name=words(r.details.informal_name)[1],
                    ),
                    "en",
                )
                for r in sample
            ],  # fmt: skip
        }
        results = {}
        for name, runs in scenarios.items():
            times, totals = [], []
            for run in runs:
                t = time.perf_counter()
                if run[0] == "q":
                    page = await quick_search(ctx, db, run[1], run[2], run[3], 0, 20)
                else:
                    page = await advanced_search(ctx, db, run[1], run[2], 0, 20)
                times.append(time.perf_counter() - t)
                totals.append(page.total)
            results[name] = {**_stats(times, find_one_s), "mean_results": statistics.fmean(totals)}
    finally:
        await client.drop_database(db_name)
        await client.close()
    return {"registers": count, "probes": probes, "load_seconds": load_s,
            "raw_find_one_ms": find_one_s * 1000, "searches": results}  # fmt: skip


def format_table(result: dict) -> str:
    lines = [f"register search, {result['registers']:,} registers "
             f"(raw indexed find_one {result['raw_find_one_ms']:.2f} ms, same run)",
             f"{'search':<40} {'p50 ms':>8} {'p95 ms':>8} {'p95 in find_ones':>17} {'results':>8}"]  # fmt: skip
    for name, s in result["searches"].items():
        lines.append(f"{name:<40} {s['p50_ms']:8.1f} {s['p95_ms']:8.1f} "
                     f"{s['p95_in_raw_find_ones']:16.1f}x {s['mean_results']:8.1f}")  # fmt: skip
    return "\n".join(lines)


def write_report(result: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


def main() -> int:
    from imi_shared.localinfra import start_mongo

    server = start_mongo()
    try:
        result = asyncio.run(ameasure_registers_search(server.url))
    finally:
        server.stop()
    print(format_table(result))
    write_report(result, RESULTS / "registers_search.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
