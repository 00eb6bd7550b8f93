"""Who the client is, for login throttling and challenge binding (issue 9 item 3).

By default the client is the TCP peer address. Behind a reverse proxy every request comes from
the proxy, so `settings.client_address_header` (e.g. `X-Forwarded-For`) names the header the
proxy sets; it is believed only when the peer is one of `settings.trusted_proxies` (addresses or
CIDR networks). The header is read from the right: the last address that is not itself a
trusted proxy is the client (entries further left are whatever the client chose to send).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from fastapi import Request

from ...settings import DirectorySettings

UNKNOWN = "unknown"
MAX_HOPS = 32

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=16)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies)


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Request, settings: DirectorySettings) -> str:
    peer = request.client.host if request.client else UNKNOWN
    header = settings.client_address_header.strip()
    if not header:
        return peer
    networks = _networks(tuple(settings.trusted_proxies))
    if not _trusted(peer, networks):
        return peer  # not from our proxy: the header may be forged
    hops = [h.strip() for h in ",".join(request.headers.getlist(header)).split(",") if h.strip()]
    for hop in reversed(hops[-MAX_HOPS:]):
        if not _trusted(hop, networks):
            return hop[:64]
    return peer
