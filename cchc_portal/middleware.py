from django.conf import settings


class ProxyClientAddressMiddleware:
    """Behind a reverse proxy the TCP peer is the proxy. When CLIENT_IP_HEADER names the header the proxy
    sets (nginx: `proxy_set_header X-Real-IP $remote_addr;`, which overwrites anything the client sent),
    the client's address becomes REMOTE_ADDR — used by the comment rate limit and stored with comments.
    Leave it empty when the app is reachable without the proxy: the header could then be forged."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = settings.CLIENT_IP_HEADER

    def __call__(self, request):
        if self.header:
            address = request.META.get(self.header, "").split(",")[-1].strip()
            if address:
                request.META["REMOTE_ADDR"] = address
        return self.get_response(request)
