"""The kernel's in-process cache (`imi_shared.expiring`): bounded, each entry until its own
deadline, least recently used out first, expired ones before any live one; size 0 is off."""

from datetime import UTC, datetime, timedelta

from imi_shared.expiring import ExpiringCache


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


def test_the_cache_is_bounded_oldest_first_and_can_be_off():
    clock = Clock()
    later = clock.now + timedelta(hours=1)
    cache = ExpiringCache(clock, size=2)
    for name in ("a", "b"):
        cache.put(name, name, later)
    assert cache.get("a") == "a"  # a is now the most recent
    cache.put("c", "c", later)
    assert (cache.get("a"), cache.get("b"), cache.get("c"), len(cache)) == ("a", None, "c", 2)
    off = ExpiringCache(clock, size=0)
    off.put("a", "a", later)
    assert off.get("a") is None


def test_an_entry_misses_from_its_deadline_on_and_is_dropped():
    now = [100.0]
    cache = ExpiringCache(lambda: now[0], size=10)
    cache.put("k", b"key", 130.0)
    now[0] = 129.9
    assert cache.get("k") == b"key"
    now[0] = 130.0
    assert cache.get("k") is None
    assert len(cache) == 0


def test_when_full_the_expired_entries_go_before_any_live_one():
    now = [0.0]
    cache = ExpiringCache(lambda: now[0], size=2)
    cache.put("live", 1, 100.0)
    cache.put("stale", 2, 5.0)
    now[0] = 10.0
    cache.put("new", 3, 100.0)  # over the size: "stale" (expired) goes, not "live" (older)
    assert (cache.get("live"), cache.get("new"), len(cache)) == (1, 3, 2)


def test_evict_forgets_at_once():
    cache = ExpiringCache(lambda: 0.0, size=4)
    cache.put("k", "v", 1.0)
    cache.evict("k")
    cache.evict("absent")  # no error
    assert cache.get("k") is None
