"""Login hashing concurrency (issue 9 item 5): 30 logins' password + 3-position code checks
with the production argon2 parameters, one after the other on the event loop (what main did)
versus concurrently through the directory's `HashPool` (worker threads, `IMI_HASH_THREADS`).

    .venv/bin/python bench/login_hashing.py [--logins 30] [--threads 4]

Prints both wall times and their ratio, and how many event-loop ticks (a 1 ms heartbeat) ran
during each: the loop is blocked in the first, free in the second. No servers are needed: this
measures the hashing, which dominates a login. Nothing asserts an absolute time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time

from imi_directory.adapters.hashing import CODE_PARAMS, Argon2Passwords, Argon2SecurityCodes
from imi_directory.handlers.hash_pool import HashPool

CODE = "Abc!def12345"


def _one_login(passwords: Argon2Passwords, hashed: str, codes: Argon2SecurityCodes, digest: str):
    passwords.verify("wrong-password", hashed)
    codes.verify(digest, {2: CODE[1], 7: CODE[6], 11: CODE[10]})


async def _measure(logins: int, pool: HashPool | None) -> tuple[float, int]:
    passwords = Argon2Passwords()
    hashed = passwords.hash("Correct-horse-9")
    codes = Argon2SecurityCodes(os.urandom(32), CODE_PARAMS)
    digest = codes.digest(CODE)
    ticks = 0
    stop = asyncio.Event()

    async def heartbeat() -> None:
        nonlocal ticks
        while not stop.is_set():
            await asyncio.sleep(0.001)
            ticks += 1

    beat = asyncio.create_task(heartbeat())
    await asyncio.sleep(0.01)
    ticks = 0
    start = time.perf_counter()
    if pool is None:
        for _ in range(logins):
            _one_login(passwords, hashed, codes, digest)
    else:
        await asyncio.gather(
            *(pool.run(_one_login, passwords, hashed, codes, digest) for _ in range(logins))
        )
    elapsed = time.perf_counter() - start
    stop.set()
    await beat
    return elapsed, ticks


async def main(logins: int, threads: int) -> None:
    on_loop, loop_ticks = await _measure(logins, None)
    pooled, pool_ticks = await _measure(logins, HashPool(threads))
    print(f"{logins} logins, production argon2, {os.cpu_count()} CPUs, {threads} hash threads")
    print(
        f"  on the event loop, one by one: {on_loop:6.2f} s  (loop ticks meanwhile: {loop_ticks})"
    )
    print(f"  hash pool, concurrent:         {pooled:6.2f} s  (loop ticks meanwhile: {pool_ticks})")
    print(f"  concurrency ratio (loop / pool): {on_loop / pooled:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=30)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    asyncio.run(main(args.logins, args.threads))
