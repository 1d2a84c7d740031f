# The production image: python:3.13-slim, dependencies from requirements.lock (hashes checked), a
# non-root user, static files collected (hashed + gzip + brotli) at build time. One image, three
# commands (deploy/entrypoint.sh): `release` once per deploy (migrate, import, queue the renders),
# `serve` (default) for each app server, `worker` for the background renders.
#
#   docker build -t igf-axis .
#   docker compose up          (with PostgreSQL; see compose.yaml)
#
# Required at run time: DJANGO_SECRET_KEY (50+ random characters), DJANGO_ALLOWED_HOSTS, and
# usually DATABASE_URL. HTTPS is enforced (redirect, HSTS, secure cookies): run it behind a TLS
# proxy with DJANGO_TRUST_X_FORWARDED_PROTO=1, or set DJANGO_SECURE_SSL_REDIRECT=0 for plain HTTP.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_ENV=production \
    DJANGO_DEBUG=0 \
    DJANGO_SQLITE_PATH=/data/db.sqlite3 \
    PORT=8000

WORKDIR /app

# Every dependency ships as a wheel (psycopg[binary] brings its own libpq): no compiler needed.
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

# The code stays owned by root, so the server (running as "app") cannot modify it.
COPY . .
# collectstatic needs settings that load, not a real secret: a throwaway one for this step only.
RUN DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --noinput --verbosity 0 \
 && groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app \
 && mkdir -p /data && chown app:app /data

# SQLite lives here when DATABASE_URL is not set (compose.yaml sets it to PostgreSQL).
VOLUME ["/data"]
USER app:app
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "/app/deploy/healthcheck.py"]

# serve (default), worker, release, or any other command (e.g. `docker compose run web python manage.py
# createsuperuser`). The health check asks /readyz (database reachable, migrations applied); a
# liveness probe should ask /livez, which never asks the database.
ENTRYPOINT ["/bin/sh", "/app/deploy/entrypoint.sh"]
CMD ["serve"]
