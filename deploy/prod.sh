#!/bin/sh
# `make prod`: what ships, on this machine, after the release step (`manage.py release`, run by
# make). nginx (Debian's) listens on $PORT with the shared page cache and compression
# (deploy/nginx/site.conf.template) in front of WEB_SERVERS granian app servers (default 1) on
# private loopback ports, as several machines would run them; the background worker renders what
# readers get after an edit (`manage.py db_worker`). PROXY=none serves one granian on $PORT alone
# (as behind a CDN), with the worker. Everything stops together; a granian worker process that dies
# is respawned (--respawn-failed-workers), and nginx sends requests past an app server that is down.
set -eu

PY=${PY:-.venv/bin/python}
HOST=127.0.0.1
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

PIDS=""
start_app() {  # $1: port
  if [ "${SERVER:-granian}" = gunicorn ]; then
    .venv/bin/gunicorn --bind "$HOST:$1" --workers "${WEB_WORKERS:-2}" igfapp.wsgi:application &
  else
    if [ "${ACCESS_LOG:-0}" = 1 ]; then access="--access-log"; else access=""; fi
    # shellcheck disable=SC2086  # $access is one flag or none
    .venv/bin/granian --interface wsgi --host "$HOST" --port "$1" --workers "${WEB_WORKERS:-2}" \
      --blocking-threads "${WEB_THREADS:-4}" --respawn-failed-workers --respawn-interval 1 $access \
      igfapp.wsgi:application &
  fi
  PIDS="$PIDS $!"
}

wait_ready() {  # $1: port; nginx starts once every app server answers /readyz (as compose waits)
  "$PY" - "$1" <<'PY'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/readyz"
for _ in range(600):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"Host": "127.0.0.1"}), timeout=2) as response:
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    time.sleep(0.1)
sys.exit(f"prod: the app server on port {sys.argv[1]} never became ready")
PY
}

start_worker() {
  "$PY" manage.py db_worker --queue-name '*' --interval 0.5 --no-reload &
  PIDS="$PIDS $!"
}

stop() {
  # shellcheck disable=SC2086
  kill $PIDS 2>/dev/null || true
  # shellcheck disable=SC2086
  wait $PIDS 2>/dev/null || true
  [ -n "${RUN_DIR:-}" ] && rm -rf "$RUN_DIR"
}

if [ "${PROXY:-nginx}" = none ]; then
  echo "  Production server (${SERVER:-granian}, no proxy): http://$HOST:$PORT/  (and the background worker)"
  start_app "$PORT"
  start_worker
else
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
  RUN_DIR=$(mktemp -d /tmp/igf-prod.XXXXXX)
  chmod 755 "$RUN_DIR"
  APPS=""
  i=0
  while [ "$i" -lt "${WEB_SERVERS:-1}" ]; do
    port=$(free_port)
    start_app "$port"
    APPS="$APPS --app $HOST:$port"
    i=$((i + 1))
  done
  start_worker
  for app in $APPS; do
    case "$app" in --app) ;; *) wait_ready "${app##*:}" ;; esac
  done
  # shellcheck disable=SC2086
  "$PY" deploy/nginx/render.py --listen "$HOST:$PORT" $APPS --run-dir "$RUN_DIR" > "$RUN_DIR/nginx.conf"
  "$NGINX" -e stderr -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -g 'daemon off;' &
  PIDS="$PIDS $!"
  echo "  Production server: http://$HOST:$PORT/  (nginx, page cache and compression)"
  echo "  App servers behind it (${SERVER:-granian}):$(echo "$APPS" | sed 's/--app / http:\/\//g')"
  echo "  Background worker: manage.py db_worker"
fi
trap 'stop; exit 0' INT TERM
trap stop EXIT

# Whichever stops first (an app server that cannot start, nginx or the worker failing) stops the rest.
while :; do
  for pid in $PIDS; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "prod: process $pid stopped; stopping the rest" >&2
      exit 1
    fi
  done
  sleep 1
done
