from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_comments.views.comments import post_comment
from django_ratelimit.core import is_ratelimited

from campaigns.models import Plan
from core.numbers import parse_id
from reports.models import Report

from . import citizens, landing, tokens
from .filters import normalize_email
from .forms import CommentForm
from .models import CitizenComment, Rating

COMMENTABLE = {"campaigns.plan": Plan, "reports.report": Report}


class TamperedForm(Exception):
    """A hidden field of the comment form holds what no form of ours sends."""


def _target(request):
    model = COMMENTABLE.get(request.POST.get("content_type", ""))
    object_pk = parse_id(request.POST.get("object_pk", ""))  # ASCII digits, bounded: "²" or 400 digits are not ids
    if model is None or object_pk is None:
        raise TamperedForm
    target = model.objects.published().filter(pk=object_pk).first()
    if target is None:  # drafts and unknown objects take no comments
        raise Http404
    return target


def same_origin(request):
    """Did the browser send this POST from one of our own pages? Browsers send Origin with every POST
    form (Referer where Origin is "null"); a cross-site form cannot forge either."""
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        referer = urlsplit(request.headers.get("Referer", ""))
        origin = f"{referer.scheme}://{referer.netloc}" if referer.netloc else ""
    return bool(origin) and (origin == f"{request.scheme}://{request.get_host()}"
                             or origin in settings.CSRF_TRUSTED_ORIGINS)


def over_limit(request):
    """Limits that fit shared addresses: a person — one browser (its signed cookie), one email address —
    may post COMMENTS_RATE_LIMIT; one public address, which in Vietnam often carries a whole mobile network's
    or commune office's people, COMMENTS_RATE_LIMIT_PER_ADDRESS. Every counter moves on each post."""
    browser = tokens.browser_id(request)
    email = normalize_email(request.POST.get("email", ""))[:254]
    person = settings.COMMENTS_RATE_LIMIT
    checks = [("comments-address", "ip", settings.COMMENTS_RATE_LIMIT_PER_ADDRESS),
              ("comments-browser", lambda group, request: browser, person)]
    if email:
        checks.append(("comments-email", lambda group, request: email, person))
    results = [is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)
               for group, key, rate in checks]
    return any(results)


@csrf_exempt
@require_POST
def post(request):
    """The framework's post_comment, for published plans and reports only, within the limits of
    `over_limit` (counted in the cache). Errors re-render the form with what the person typed
    (comments/preview.html). The answer gives the browser its signed id cookie if it has none.

    Cross-site request forgery: the public pages carry no CSRF token, so that they are the same for every
    visitor and can be cached whole (by Django and by nginx). The POST is checked by its Origin (or
    Referer) instead, and a comment is always anonymous — never attached to a logged-in staff account —
    so a forged post could not act in anyone's name even if it got through."""
    if not same_origin(request):
        return render(request, "comments/forbidden.html", status=403)
    request.user = AnonymousUser()
    try:
        target = _target(request)
    except TamperedForm:
        return render(request, "comments/bad_request.html", status=400)
    return tokens.give_browser_id(request, _post(request, target))


def _post(request, target):
    if over_limit(request):
        form = CommentForm(target, data=request.POST)
        form.is_valid()
        return render(request, "comments/preview.html", {
            "form": form, "target": target, "comment": request.POST.get("comment", ""),
            "limited": True,
        }, status=429)
    # One comment at a time per page: the duplicate check (a double click, a form sent twice) and the
    # insert run under the page's row lock, so two identical posts arriving together are stored once.
    with transaction.atomic():
        list(type(target).objects.select_for_update().filter(pk=target.pk).values_list("pk", flat=True))
        stored = _stored_already(request, target)
        if stored is not None:
            landing.remember(request, stored, "Cảm ơn bạn! Bình luận này đã được gửi trước đó, bạn không cần "
                                              "gửi lại.")
            return HttpResponseRedirect(landing.url(target))
        # post_comment carries the framework's csrf_protect; the origin check above replaces it.
        response = post_comment.__wrapped__(request, next=landing.url(target))
    if response.status_code == 400:  # a tampered or broken signed form: the framework's page is empty English
        return render(request, "comments/bad_request.html", status=400)
    if response.status_code == 302:  # the framework adds ?c=<id>, which the page would redirect away
        return HttpResponseRedirect(landing.url(target))
    return response


def _stored_already(request, target):
    """The comment this very form stored before, or None. A form sent again — a double click, the back
    button, a browser resending after the answer was lost (a worker killed between the commit and the
    response) — is answered as a success and changes nothing: the framework would save the stored comment
    again through moderation, which held an approved comment again and mailed the moderators again. Same
    rule as the form's own duplicate check (CommentForm.check_for_duplicate_comment)."""
    form = CommentForm(target, data=request.POST)
    if not form.is_valid():
        return None  # post_comment shows the errors
    comment = form.get_comment_object(site_id=get_current_site(request).id)
    return comment if comment.pk else None


def content_type_key(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return f"{content_type.app_label}.{content_type.model}"


# Links from the emails. Each page reads its signed token; a bad or expired one gets a page saying so
# (400), never an error. None of these pages is cached or indexed.

def _link_page(request, template, context=None, status=200):
    response = render(request, f"comments/{template}.html", context or {}, status=status)
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex"
    return response


def _bad_link(request):
    return _link_page(request, "link_invalid", status=400)


@require_http_methods(["GET", "HEAD"])
def confirm(request, token):
    value = tokens.read(tokens.CONFIRM, token)
    if not isinstance(value, dict) or not value.get("e"):
        return _bad_link(request)
    commenter = citizens.commenter_confirm(value["e"])
    response = _link_page(request, "confirmed", {"email": commenter.email})
    return tokens.remember_confirmed(request, response, commenter)


@csrf_exempt  # the mail client's one-click POST (RFC 8058) carries no CSRF token: the signed link is the proof
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    value = tokens.read(tokens.UNSUBSCRIBE, token)
    if not isinstance(value, dict) or not value.get("e"):
        return _bad_link(request)
    if request.method == "POST":
        citizens.notifications_withdraw(value["e"])
        return _link_page(request, "unsubscribed")
    # GET only shows the button: mail scanners that open every link must not unsubscribe anyone.
    return _link_page(request, "unsubscribe")


@require_http_methods(["GET", "HEAD", "POST"])
def rate(request, token):
    value = tokens.read(tokens.RATE, token)
    pk = parse_id(str(value.get("c", ""))) if isinstance(value, dict) else None
    comment = CitizenComment.objects.filter(pk=pk, is_removed=False).exclude(answer="").first() if pk else None
    if comment is None:
        return _bad_link(request)
    error = None
    if request.method == "POST":
        try:
            comment = citizens.answer_rate(comment=comment, rating=request.POST.get("danh_gia", ""),
                                           note=request.POST.get("y_kien", ""))
        except ValidationError as invalid:
            error = invalid.messages[0]
        else:
            return _link_page(request, "rated", {"comment": comment})
    return _link_page(request, "rate", {"comment": comment, "error": error, "ratings": Rating.choices},
                      status=400 if error else 200)


@require_http_methods(["GET", "HEAD", "POST"])
def erase(request, token):
    value = tokens.read(tokens.ERASE, token)
    if not isinstance(value, dict) or not value.get("e"):
        return _bad_link(request)
    email = normalize_email(value["e"])
    if request.method == "POST":
        count = citizens.commenter_erase(email)
        return _link_page(request, "erased", {"count": count})
    count = CitizenComment.objects.filter(user_email=email).count()
    return _link_page(request, "erase", {"count": count})
