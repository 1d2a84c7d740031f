#!/bin/sh
# `make prod`: what ships, on this machine. nginx (Debian's) listens on $PORT with the shared page
# cache and compression (deploy/nginx/site.conf.template) in front of granian on a private
# loopback port ($APP_PORT, free by default). PROXY=none serves granian on $PORT alone (as behind
# a CDN). Both stop together; a granian worker that dies is respawned (--respawn-failed-workers).
set -eu

PY=${PY:-.venv/bin/python}
HOST=127.0.0.1
free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

start_app() {  # $1: port
  if [ "${SERVER:-granian}" = gunicorn ]; then
    .venv/bin/gunicorn --bind "$HOST:$1" --workers "${WEB_WORKERS:-2}" igfapp.wsgi:application &
  else
    .venv/bin/granian --interface wsgi --host "$HOST" --port "$1" --workers "${WEB_WORKERS:-2}" \
      --blocking-threads "${WEB_THREADS:-4}" --respawn-failed-workers --respawn-interval 1 igfapp.wsgi:application &
  fi
  APP_PID=$!
}

if [ "${PROXY:-nginx}" = none ]; then
  echo "  Production server (${SERVER:-granian}, no proxy): http://$HOST:$PORT/"
  start_app "$PORT"
  trap 'kill "$APP_PID" 2>/dev/null' INT TERM
  wait "$APP_PID"
  exit $?
fi

NGINX=$(command -v nginx || echo /usr/sbin/nginx)
APP_PORT=${APP_PORT:-$(free_port)}
RUN_DIR=$(mktemp -d /tmp/igf-prod.XXXXXX)
chmod 755 "$RUN_DIR"
"$PY" deploy/nginx/render.py --listen "$HOST:$PORT" --app "$HOST:$APP_PORT" --run-dir "$RUN_DIR" > "$RUN_DIR/nginx.conf"

start_app "$APP_PORT"
"$NGINX" -e stderr -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
stop() {
  kill "$NGINX_PID" "$APP_PID" 2>/dev/null || true
  wait "$NGINX_PID" "$APP_PID" 2>/dev/null || true
  rm -rf "$RUN_DIR"
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

echo "  Production server: http://$HOST:$PORT/  (nginx, page cache and compression)"
echo "  App server behind it (${SERVER:-granian}): http://$HOST:$APP_PORT/"
# Whichever stops first (an app server that cannot start, nginx failing) stops the other.
while kill -0 "$NGINX_PID" 2>/dev/null && kill -0 "$APP_PID" 2>/dev/null; do sleep 1; done
echo "prod: $(kill -0 "$NGINX_PID" 2>/dev/null && echo 'the app server' || echo 'nginx') stopped; stopping the rest" >&2
exit 1
