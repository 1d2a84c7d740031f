#!/bin/sh
# The container's commands. App servers only serve: the release step runs once per deploy, before
# them (compose.yaml's `release` service; or `docker run IMAGE release`).
#
#   serve     (default) the app server, granian; ACCESS_LOG=1 logs every request
#   worker    the background worker: re-renders what readers get after an edit (manage.py db_worker)
#   release   migrate, import content/ (IGF_IMPORT_ON_START=always|if-empty|never), mark the release,
#             queue the renders (manage.py release; static files were collected when the image was built)
#   anything else runs as given, e.g. `docker compose run web python manage.py createsuperuser`
set -eu

case "${1:-serve}" in
  serve)
    # The production server, chosen by measurement (bench/README.md): one worker process per core
    # (WEB_WORKERS), 4 Python threads each. A worker that dies (a crash, an OOM kill) is started
    # again and the log says so; without --respawn-failed-workers granian would shut the whole
    # server down (bench/README.md, faults).
    if [ "${ACCESS_LOG:-0}" = 1 ]; then set -- --access-log; else set --; fi
    exec granian --interface wsgi --host 0.0.0.0 --port "${PORT:-8000}" \
      --workers "${WEB_WORKERS:-2}" --blocking-threads "${WEB_THREADS:-4}" \
      --respawn-failed-workers --respawn-interval 1 "$@" igfapp.wsgi:application ;;
  worker)
    exec python manage.py db_worker --queue-name '*' --interval 0.5 ;;
  release)
    exec python manage.py release --import "${IGF_IMPORT_ON_START:-always}" --no-collectstatic ;;
esac
exec "$@"
