"""Signed links in the emails a commenter receives, and the signed cookie that tells one browser from
another behind a shared address. Each purpose has its own salt: a link made to unsubscribe cannot be used
to delete, nor a rating link to confirm an address."""

import json
import secrets

from django.conf import settings
from django.core import signing

CONFIRM, UNSUBSCRIBE, RATE, ERASE = "confirm", "unsubscribe", "rate", "erase"
_SALT = "discussion.%s"
# How long each kind of link works, in days (None: for as long as the secret key stays the same — an
# unsubscribe link must work however old the email is).
_MAX_AGE_DAYS = {CONFIRM: None, UNSUBSCRIBE: None, RATE: 180, ERASE: 90}

BROWSER_COOKIE = "cchc_nguoi_gui"
BROWSER_COOKIE_SALT = "discussion.browser"
CONFIRMED_COOKIE = "cchc_email_xac_nhan"
CONFIRMED_COOKIE_SALT = "discussion.confirmed"
COOKIE_MAX_AGE = 365 * 24 * 3600


def make(purpose, value):
    return signing.dumps(value, salt=_SALT % purpose, compress=True)


def read(purpose, token):
    """The value signed into `token` for `purpose`, or None when it was tampered with or has expired."""
    days = settings.COMMENTS_CONFIRM_DAYS if purpose == CONFIRM else _MAX_AGE_DAYS[purpose]
    try:
        return signing.loads(token, salt=_SALT % purpose, max_age=days * 86400 if days else None)
    except signing.BadSignature:  # SignatureExpired is one
        return None


def browser_id(request):
    """The browser's random id: from its signed cookie, or — on its first post (no cookie, or a forged
    one) — a new one, which `give_browser_id` then sets. A bot that drops cookies gets a new id each time:
    the per-address ceiling is what holds it."""
    if not hasattr(request, "_browser_id"):
        known = request.get_signed_cookie(BROWSER_COOKIE, default=None, salt=BROWSER_COOKIE_SALT)
        request._browser_id, request._browser_id_is_new = known or secrets.token_urlsafe(16), known is None
    return request._browser_id


def give_browser_id(request, response):
    browser = browser_id(request)
    if request._browser_id_is_new:
        response.set_signed_cookie(BROWSER_COOKIE, browser, salt=BROWSER_COOKIE_SALT, max_age=COOKIE_MAX_AGE,
                                   httponly=True, samesite="Lax", secure=request.is_secure())
    return response


def confirmed_commenters(request):
    """Ids of the addresses (discussion.Commenter) this browser proved it owns, by opening their
    confirmation links: a signed JSON list of numbers, so no text typed into an address can add another."""
    value = request.get_signed_cookie(CONFIRMED_COOKIE, default=None, salt=CONFIRMED_COOKIE_SALT)
    try:
        ids = json.loads(value) if value else []
    except ValueError:
        return []
    return [n for n in ids if isinstance(n, int)] if isinstance(ids, list) else []


def remember_confirmed(request, response, commenter):
    ids = [n for n in confirmed_commenters(request) if n != commenter.pk][-4:] + [commenter.pk]  # newest 5
    response.set_signed_cookie(CONFIRMED_COOKIE, json.dumps(ids), salt=CONFIRMED_COOKIE_SALT,
                               max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax", secure=request.is_secure())
    return response
