#!/usr/bin/env python3
"""Container healthcheck of an IMI service: exit 0 when GET /readyz answers 200.

Installed in the image as /usr/local/bin/imi-readyz (deploy/Dockerfile) and used by every
service's compose healthcheck. The port is the service's own, $IMI_HTTP_PORT. /readyz answers
503 until MongoDB and Kafka are both reachable (imi_shared.runtime).
"""

import os
import sys
import urllib.error
import urllib.request


def main() -> int:
    url = f"http://127.0.0.1:{os.environ.get('IMI_HTTP_PORT', '8000')}/readyz"
    try:
        with urllib.request.urlopen(url, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as error:
        print(f"{url}: {error.code} {error.read()[:500]!r}", file=sys.stderr)
    except OSError as error:
        print(f"{url}: {error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
