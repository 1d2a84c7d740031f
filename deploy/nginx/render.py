"""Write the nginx.conf that `make prod` runs: site.conf.template inside a whole configuration.

    python deploy/nginx/render.py --listen 127.0.0.1:8000 --app 127.0.0.1:8001 [--app …] --run-dir DIR > DIR/nginx.conf

Everything nginx writes (pid, cache, temporary files) goes under --run-dir, so it runs from any
folder as any user. Brotli is switched on when Debian's brotli modules are installed
(libnginx-mod-http-brotli-filter), else responses are compressed with gzip only.
"""

from __future__ import annotations

import argparse
import os
import pwd
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MODULES = Path("/usr/lib/nginx/modules")
BROTLI_MODULE = MODULES / "ngx_http_brotli_filter_module.so"
COMPRESSED_TYPES = (
    "text/css application/javascript application/json image/svg+xml text/plain text/csv "
    "application/x-bibtex application/x-research-info-systems application/xml"
)

MAIN = """\
# Written by deploy/nginx/render.py for `make prod`; do not edit (edit site.conf.template).
{user}worker_processes {workers};
pid {run}/nginx.pid;
error_log stderr warn;
{modules}
events {{
    worker_connections 4096;
}}

http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    # Not tcp_nopush: with it, a page from the proxy cache waited for the client's delayed ACK
    # (about 40 ms per response, ~2,600 req/s for the Intermediate page); without it, ~17,000
    # (bench/README.md).
    tcp_nopush off;
    keepalive_timeout 65;
    keepalive_requests 100000;
    client_body_temp_path {run}/client_body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
{brotli}
{site}
}}
"""


def brotli_available() -> bool:
    return BROTLI_MODULE.exists()


def site_conf(listen: str, apps: list[str], cache_dir: Path) -> str:
    template = (HERE / "site.conf.template").read_text(encoding="utf-8")
    # One upstream `server` line per app server.
    server = next(line for line in template.splitlines() if "server ${IGF_APP}" in line)
    template = template.replace(server, "\n".join(server.replace("${IGF_APP}", app) for app in apps))
    values = {"IGF_LISTEN": listen, "IGF_APP": ", ".join(apps), "IGF_CACHE_DIR": str(cache_dir)}
    # Only our own ${IGF_...} names: nginx's $variables stay as they are.
    return re.sub(r"\$\{(IGF_[A-Z_]+)\}", lambda m: values[m.group(1)], template)


def render(listen: str, apps: list[str], run_dir: Path, workers: int) -> str:
    cache_dir = run_dir / "cache"
    for folder in (cache_dir, *(run_dir / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))):
        folder.mkdir(parents=True, exist_ok=True)
    user = ""
    if os.geteuid() == 0:
        # As root, nginx's workers run as nobody: give them the folders they write to.
        nobody = pwd.getpwnam("nobody")
        for folder in run_dir.iterdir():
            if folder.is_dir():
                os.chown(folder, nobody.pw_uid, nobody.pw_gid)
        user = "user nobody nogroup;\n"
    brotli = brotli_available()
    modules = (
        f"load_module {MODULES}/ngx_http_brotli_filter_module.so;\n"
        f"load_module {MODULES}/ngx_http_brotli_static_module.so;\n"
        if brotli
        else ""
    )
    brotli_conf = (
        f"    brotli on;\n    brotli_comp_level 5;\n    brotli_min_length 512;\n    brotli_types {COMPRESSED_TYPES};\n"
        if brotli
        else "    # Brotli: not installed (Debian's libnginx-mod-http-brotli-filter); gzip only.\n"
    )
    site = "\n".join("    " + line if line else "" for line in site_conf(listen, apps, cache_dir).splitlines())
    return MAIN.format(user=user, workers=workers, run=run_dir, modules=modules, brotli=brotli_conf, site=site)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", required=True, help="address:port nginx listens on")
    parser.add_argument("--app", required=True, action="append", help="address:port of an app server (repeat for each)")
    parser.add_argument("--run-dir", required=True, type=Path, help="folder for nginx's pid, cache and temporary files")
    parser.add_argument("--workers", type=int, default=2, help="nginx worker processes")
    args = parser.parse_args()
    sys.stdout.write(render(args.listen, args.app, args.run_dir.resolve(), args.workers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
