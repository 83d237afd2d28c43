"""`{% cchc_dashboard as dash %}` on the admin's start page (templates/admin/index.html): the coordinator's
or the officer's dashboard from reports.dashboard, chosen by who is logged in."""

from django import template

from campaigns import scoping
from core.numbers import parse_id
from reports import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def cchc_dashboard(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff:
        return None
    if scoping.sees_all(user):
        if not user.has_perm("campaigns.view_submission"):
            return None
        data = dashboard.coordinator_dashboard(period_id=parse_id(request.GET.get("ky")),
                                               page=parse_id(request.GET.get("trang")))
        comments = data["pending_comments"]
        comments["visible"] = user.has_perm(comments["perm"])
        return {"kind": "coordinator", **data}
    data = dashboard.officer_dashboard(user=user)
    return {"kind": "officer", **data} if data is not None else None
