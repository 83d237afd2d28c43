"""The portal's URLs plus two views that fail, for tests/security/test_error_pages.py."""

from django.db import InterfaceError, OperationalError
from django.urls import path

from cchc_portal.urls import handler500
from cchc_portal.urls import urlpatterns as portal_urlpatterns


def database_down(request):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def connection_closed(request):
    raise InterfaceError("connection already closed")


def bug(request):
    raise ZeroDivisionError


urlpatterns = [path("thu/csdl-ngung/", database_down), path("thu/csdl-da-dong/", connection_closed),
               path("thu/loi/", bug), *portal_urlpatterns]
__all__ = ["handler500", "urlpatterns"]
