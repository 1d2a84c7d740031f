#!/bin/sh
# Container start: bring the database schema and content up to date, then run the server.
#
#   IGF_IMPORT_ON_START=always    (default) load content/ on every start: idempotent, and the
#                                 content/ folder is the source of truth that ships with the image;
#                                 skipped with a warning if admin edits have not been exported yet
#                                 (so a restart never loses editors' work)
#   IGF_IMPORT_ON_START=if-empty  only on a fresh database: editors' admin work is never replaced
#   IGF_IMPORT_ON_START=never     leave the content alone
set -eu

python manage.py migrate --noinput

case "${IGF_IMPORT_ON_START:-always}" in
  always)
    python manage.py import_content --skip-if-admin-edits ;;
  if-empty)
    if python manage.py shell -c "import sys; from igfapp.models import Article; sys.exit(0 if Article.objects.exists() else 1)"; then
      echo "entrypoint: content already present; skipping import_content"
    else
      python manage.py import_content
    fi ;;
  never)
    echo "entrypoint: IGF_IMPORT_ON_START=never; skipping import_content" ;;
  *)
    echo "entrypoint: IGF_IMPORT_ON_START must be always, if-empty or never" >&2; exit 64 ;;
esac

# The tiers as readers get them, for this image's templates and settings (igfapp/reader_pages.py).
python manage.py render_reader_pages

if [ "${1:-serve}" = "serve" ]; then
  # The production server, chosen by measurement (bench/README.md).
  # One worker process per core (WEB_WORKERS), 4 Python threads each (bench/README.md). A worker
  # that dies (a crash, an OOM kill) is started again and the log says so; without
  # --respawn-failed-workers granian would shut the whole server down (bench/README.md, faults).
  exec granian --interface wsgi --host 0.0.0.0 --port "${PORT:-8000}" \
    --workers "${WEB_WORKERS:-2}" --blocking-threads "${WEB_THREADS:-4}" \
    --respawn-failed-workers --respawn-interval 1 igfapp.wsgi:application
fi
exec "$@"
