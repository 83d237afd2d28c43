from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django_comments.views.comments import post_comment
from django_ratelimit.decorators import ratelimit

from campaigns.models import Plan
from core.numbers import parse_id
from reports.models import Report

from .forms import CommentForm

COMMENTABLE = {"campaigns.plan": Plan, "reports.report": Report}


def _target(request):
    model = COMMENTABLE.get(request.POST.get("content_type", ""))
    object_pk = parse_id(request.POST.get("object_pk", ""))
    if model is None or object_pk is None:
        raise Http404
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


def _rate(group, request):
    return settings.COMMENTS_RATE_LIMIT


@csrf_exempt
@require_POST
@ratelimit(key="ip", rate=_rate, method="POST", block=False)
def post(request):
    """The framework's post_comment, for published plans and reports only, rate limited per IP address
    through the cache. Errors re-render the form with what the person typed (comments/preview.html).

    Cross-site request forgery: the public pages carry no CSRF token, so that they are the same for every
    visitor and can be cached whole (by Django and by nginx). The POST is checked by its Origin (or
    Referer) instead, and a comment is always anonymous — never attached to a logged-in staff account —
    so a forged post could not act in anyone's name even if it got through."""
    if not same_origin(request):
        return render(request, "comments/forbidden.html", status=403)
    request.user = AnonymousUser()
    target = _target(request)
    if getattr(request, "limited", False):
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
        # post_comment carries the framework's csrf_protect; the origin check above replaces it.
        response = post_comment.__wrapped__(request, next=target.get_absolute_url() + "#binh-luan")
    if response.status_code == 400:  # a tampered or broken signed form: the framework's page is empty English
        return render(request, "comments/bad_request.html", status=400)
    return response


def content_type_key(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return f"{content_type.app_label}.{content_type.model}"
