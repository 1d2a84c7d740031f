"""Health the way orchestrators ask for it: is the process alive, and is it ready to serve pages?

- /livez: the process answers (no database): a liveness probe that fails only when the process is
  stuck, so a database outage never restarts every server (and empties the caches the outage
  fallback serves from, igfapp/outage.py).
- /readyz: the database answers and every migration is applied: a readiness probe, so a load
  balancer sends no reader to a server that cannot serve them. /healthz stays, as readiness.

An outage is logged once, when readiness is lost, and once more when it comes back: a probe every
few seconds must not fill the log with one traceback each.
"""

import logging

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..caching import no_content_cache

logger = logging.getLogger(__name__)


class Readiness:
    """Whether this process could serve pages at the last look, so only a change is logged."""

    def __init__(self):
        self.ready: bool | None = None
        self.migrated = False  # once every migration is applied, it stays so for this process

    def check(self) -> str:
        """ "" when ready, else what is missing; a change of state is logged, a repeat is not."""
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
            if not self.migrated:
                executor = MigrationExecutor(connection)
                self.migrated = not executor.migration_plan(executor.loader.graph.leaf_nodes())
            problem = "" if self.migrated else "migrations not applied"
        except DatabaseError as error:
            first_line = (str(error).strip().splitlines() or [""])[0]
            problem = f"database unavailable ({type(error).__name__}: {first_line})"
        ready = not problem
        if ready != self.ready:
            if not ready:
                logger.error("readiness: not ready: %s", problem)
            elif self.ready is False:
                logger.warning("readiness: ready again (database reachable, migrations applied)")
            self.ready = ready
        return problem


readiness = Readiness()


@no_content_cache
@never_cache
@require_safe
def livez(request):
    """200 while the process answers; no database asked."""
    return JsonResponse({"status": "ok"})


@no_content_cache
@never_cache
@require_safe
def readyz(request):
    """200 when the database answers and the migrations are applied, else 503."""
    problem = readiness.check()
    if problem:
        database = "unavailable" if problem.startswith("database") else "ok"
        return JsonResponse({"status": "error", "database": database, "problem": problem}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


healthz = readyz  # kept for existing users: readiness
