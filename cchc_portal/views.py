import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string


def server_error(request):
    """handler500. The database restarting or unreachable is an outage of seconds, not a bug: 503 with
    Retry-After and a page that says to try again (nginx then serves its stale cached copy of public
    pages: proxy_cache_use_stale http_503); CONN_HEALTH_CHECKS reconnects on a later request. Anything
    else: 500. Both pages are rendered without the request — context processors would need the session,
    which lives in the database."""
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
    else:
        response = HttpResponse(render_to_string("500.html"), status=500)
    response["Cache-Control"] = "no-store"
    return response
