from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST
from django_comments.views.comments import post_comment
from django_ratelimit.decorators import ratelimit

from campaigns.models import Plan
from reports.models import Report

from .forms import CommentForm

COMMENTABLE = {"campaigns.plan": Plan, "reports.report": Report}


def _target(request):
    model = COMMENTABLE.get(request.POST.get("content_type", ""))
    object_pk = request.POST.get("object_pk", "")
    if model is None or not object_pk.isdigit():
        raise Http404
    target = model.objects.published().filter(pk=int(object_pk)).first()
    if target is None:  # drafts and unknown objects take no comments
        raise Http404
    return target


def _rate(group, request):
    return settings.COMMENTS_RATE_LIMIT


@require_POST
@ratelimit(key="ip", rate=_rate, method="POST", block=False)
def post(request):
    """The framework's post_comment, for published plans and reports only, rate limited per IP address
    through the cache. Errors re-render the form with what the person typed (comments/preview.html)."""
    target = _target(request)
    if getattr(request, "limited", False):
        form = CommentForm(target, data=request.POST)
        form.is_valid()
        return render(request, "comments/preview.html", {
            "form": form, "target": target, "comment": request.POST.get("comment", ""),
            "limited": True,
        }, status=429)
    return post_comment(request, next=target.get_absolute_url() + "#binh-luan")


def content_type_key(obj):
    content_type = ContentType.objects.get_for_model(obj)
    return f"{content_type.app_label}.{content_type.model}"
