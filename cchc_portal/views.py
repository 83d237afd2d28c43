import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string


def server_error(request):
    """handler500. The database restarting or unreachable is an outage of seconds, not a bug: 503 with
    Retry-After and a page that says to try again (nginx then serves its stale cached copy of public
    pages: proxy_cache_use_stale http_503); CONN_HEALTH_CHECKS reconnects on a later request. Anything
    else: 500. Both pages are rendered without the request — context processors would need the session,
    which lives in the database —, with the portal's identity from the cache (or the neutral name)."""
    from core.identity import current_identity

    exception = sys.exc_info()[1]
    context = {"portal": current_identity(neutral_on_error=True)}
    if isinstance(exception, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html", context), status=503)
        response["Retry-After"] = "10"
    else:
        response = HttpResponse(render_to_string("500.html", context), status=500)
    response["Cache-Control"] = "no-store"
    return response


def view_on_site(request, content_type_id, object_id):
    """The admin's "Xem trên trang" shortcut (/admin/r/<type>/<id>/), for objects the person may see in
    the admin only: Django's own shortcut redirects any staff member to any object's address, which
    reveals a draft's slug."""
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType
    from django.http import Http404
    from django.shortcuts import redirect

    from core.numbers import parse_id

    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    model_admin = admin.site._registry.get(model)
    pk = parse_id(str(object_id))
    obj = model._default_manager.filter(pk=pk).first() if model_admin and pk is not None else None
    if obj is None or not hasattr(obj, "get_absolute_url") or not model_admin.has_view_permission(request, obj):
        raise Http404
    return redirect(obj.get_absolute_url())
