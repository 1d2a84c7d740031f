"""Docker HEALTHCHECK: exit 0 when /readyz answers 200 (the database is reachable, migrations
applied), else 1. Compose starts nginx only once an app server is healthy this way. A liveness
probe (Kubernetes) should ask /livez instead, which never asks the database.

Asks over loopback with a Host header the site accepts (the first of DJANGO_ALLOWED_HOSTS), so
a production ALLOWED_HOSTS list without localhost still passes.
"""

import os
import sys
import urllib.request


def allowed_host() -> str:
    first = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")[0].strip()
    if not first or first == "*":
        return "localhost"
    return first.lstrip(".")  # ".example.org" allows example.org itself


def main() -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{os.environ.get('PORT', '8000')}/readyz", headers={"Host": allowed_host()}
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"healthcheck: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
