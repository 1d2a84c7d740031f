"""/healthz: is this process able to serve pages? (used by Docker's HEALTHCHECK and load balancers)"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ..caching import no_content_cache

logger = logging.getLogger(__name__)


@no_content_cache
@never_cache
@require_safe
def healthz(request):
    """200 when the database answers a query, 503 when it does not (the error is logged, not shown)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
