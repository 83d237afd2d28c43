"""Staff logins against guessing, in two counts (django-axes's handler, extended):

- one username from one address: AXES_FAILURE_LIMIT failures lock that pair out for AXES_COOLOFF_MINUTES
  (django-axes itself; a success before the limit resets it);
- one address across every username (password spraying: one likely password for each of many accounts):
  LOGIN_FAILURES_PER_ADDRESS failures refuse every login from that address until the window ends.

django-axes compares every parameter combination with one AXES_FAILURE_LIMIT, too low for a whole office
behind one address, so the second count is django-ratelimit's, in the rate-limit cache. Only failures
count (an office signing in all day is never refused), and an attempt already refused is not counted
again. The address is REMOTE_ADDR, which cchc_portal.middleware.ProxyClientAddressMiddleware takes from
nginx's X-Real-IP only when the peer is a trusted proxy. Both lockouts answer with axes's 429 page
(registration/locked_out.html), which says which one it is."""

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django_ratelimit.core import get_usage

GROUP = "login-failures-per-address"


def address_failures(request, *, count: bool) -> tuple[int, int]:
    """(failures from the request's address in the current window, the limit); `count` adds this one."""
    usage = get_usage(request, group=GROUP, key="ip", rate=settings.LOGIN_FAILURES_PER_ADDRESS, increment=count)
    if usage is None:  # no rate configured
        return 0, 0
    return usage["count"], usage["limit"]


def address_locked(request, *, count: bool = False) -> bool:
    failures, limit = address_failures(request, count=count)
    locked = bool(limit) and failures >= limit
    if locked:
        request.login_address_locked = True  # the lockout page says why
    return locked


class LoginProtectionHandler(AxesDatabaseHandler):
    """AXES_HANDLER: axes's database handler, plus the per-address count across usernames."""

    def is_locked(self, request, credentials=None) -> bool:
        return address_locked(request) or super().is_locked(request, credentials)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        refused_before_checking = bool(getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or refused_before_checking:
            return
        if address_locked(request, count=True):
            request.axes_locked_out = True
            request.axes_credentials = credentials
