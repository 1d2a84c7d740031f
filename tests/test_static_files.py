"""Static files as production serves them: hashed names, gzip + brotli copies, immutable caching."""

import json
import subprocess
import sys

from .test_settings import PRODUCTION, ROOT

SCRIPT = """
import json, django
from django.core.management import call_command
django.setup()
call_command("collectstatic", interactive=False, verbosity=0)
from django.conf import settings
from django.test import Client
from django.templatetags.static import static
url = static("css/site.css")
hashed = Client().get(url, HTTP_ACCEPT_ENCODING="br, gzip")
plain = Client().get("/static/css/site.css", HTTP_ACCEPT_ENCODING="gzip")
print(json.dumps({
    "url": url,
    "hashed": [hashed.status_code, hashed.get("Cache-Control"), hashed.get("Content-Encoding")],
    "plain": [plain.status_code, plain.get("Cache-Control"), plain.get("Content-Encoding")],
}))
"""


def test_collected_static_files_are_hashed_compressed_and_immutable(tmp_path):
    env = {
        **PRODUCTION,
        "DJANGO_STATIC_ROOT": str(tmp_path),
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "igfapp.settings",
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])

    assert result["url"].startswith("/static/css/site.") and result["url"] != "/static/css/site.css"
    name = result["url"].removeprefix("/static/")
    assert (tmp_path / name).exists() and (tmp_path / f"{name}.gz").exists() and (tmp_path / f"{name}.br").exists()
    status, cache_control, encoding = result["hashed"]
    assert status == 200 and "immutable" in cache_control and encoding == "br"
    status, cache_control, encoding = result["plain"]
    assert status == 200 and "immutable" not in (cache_control or "") and encoding == "gzip"
