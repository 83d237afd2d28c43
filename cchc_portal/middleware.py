import re

from django.conf import settings
from django.core.exceptions import BadRequest
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render


class ProxyClientAddressMiddleware:
    """Behind a reverse proxy the TCP peer is the proxy. When CLIENT_IP_HEADER names the header the proxy
    sets (nginx: `proxy_set_header X-Real-IP $remote_addr;`, which overwrites anything the client sent),
    the client's address becomes REMOTE_ADDR — used by the comment rate limit and stored with comments.

    The header is believed only from a peer in TRUSTED_PROXY_ADDRESSES (default 127.0.0.1, ::1 and `unix`,
    the word for a unix-socket peer, which gunicorn gives as an empty REMOTE_ADDR); from anyone else it is
    ignored and REMOTE_ADDR stays the peer's own address. In production gunicorn listens only on a socket
    that nginx's group alone can open (deploy/cchc-portal.service), so `TRUSTED_PROXY_ADDRESSES=unix` is
    the strictest setting there. Leave CLIENT_IP_HEADER empty when the app is reachable without the proxy."""

    UNIX_SOCKET = "unix"

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = settings.CLIENT_IP_HEADER
        self.trusted = frozenset(settings.TRUSTED_PROXY_ADDRESSES)

    def __call__(self, request):
        if self.header and (request.META.get("REMOTE_ADDR") or self.UNIX_SOCKET) in self.trusted:
            address = request.META.get(self.header, "").split(",")[-1].strip()
            if address:
                request.META["REMOTE_ADDR"] = address
        return self.get_response(request)


PUBLIC_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
              "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
# The admin's rich-text editor (CKEditor 5) injects its own <style> elements and previews images as blob:/data:
# URLs; nothing else is allowed beyond the public policy. No inline or eval'd script anywhere.
ADMIN_CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
             "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
             "frame-ancestors 'none'; form-action 'self'")
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersMiddleware:
    """Content-Security-Policy (strict on the public site, what the editor needs in the admin) and
    Permissions-Policy on every response. Django's SecurityMiddleware adds nosniff, Referrer-Policy,
    Cross-Origin-Opener-Policy and (in production) HSTS; XFrameOptionsMiddleware adds X-Frame-Options."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        admin = request.path.startswith(self.admin_prefix)
        response.headers.setdefault("Content-Security-Policy", ADMIN_CSP if admin else PUBLIC_CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body is larger than REQUEST_MAX_BYTES before anything reads it.
    Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but streams any size of file to a temporary
    file before a form can look at it; nginx's client_max_body_size stops that in front, this stops it
    when the app runs without nginx. Answers 413 with a Vietnamese page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_MAX_BYTES:
            return render(request, "413.html", {
                "max_mb": settings.REQUEST_MAX_BYTES // 1048576,
                "image_mb": settings.IMAGE_MAX_BYTES // 1048576,
                "import_mb": settings.IMPORT_MAX_BYTES // 1048576,
            }, status=413)
        return self.get_response(request)



class ControlCharacterMiddleware:
    """A control character in an address is refused with the 400 page before any view, middleware or cache
    key sees it. PostgreSQL refuses a NUL in any text it is sent, so a path part or a filter that reached a
    query as it came answered 500 (the API's look-up of an old slug; the admin's list filters); no address
    of this site has any control character (slugs, ids, file names), so none is looked up.

    - the path: any C0 or C1 control character or DEL, NUL included;
    - the query string: a NUL (`%00`) in the admin, whose list filters Django hands to the database as they
      come. Public parameters are parsed by their views first (`core.numbers.parse_id`, forms that refuse a
      NUL, the search box's `clean_text`), so a NUL typed into the search box is still searched without it."""

    CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL.lstrip("/")

    def __call__(self, request):
        if self.CONTROL.search(request.path):
            raise BadRequest("Ký tự điều khiển trong đường dẫn.")
        if request.path.startswith(self.admin_prefix) and "%00" in request.META.get("QUERY_STRING", ""):
            raise BadRequest("Ký tự NUL trong tham số.")
        return self.get_response(request)


class CompressErrorPagesMiddleware(GZipMiddleware):
    """gzip for the answers nginx leaves uncompressed: its gzip and brotli filters compress only status 200,
    403 and 404, so the 400 page (a control character in the address, a malformed request), a 405, a 429
    or a 500 went out whole. Everything else is left to nginx (brotli where it has the module; the page
    cache keeps the 200s uncompressed). First in MIDDLEWARE, so that it sees every answer."""

    NGINX_COMPRESSES = {200, 206, 304, 403, 404}

    def process_response(self, request, response):
        if response.status_code in self.NGINX_COMPRESSES:
            return response
        return super().process_response(request, response)
