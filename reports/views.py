from django.shortcuts import get_object_or_404, render

from campaigns.models import Plan


def home(request):
    plans = Plan.objects.published().select_related("issuing_agency")[:10]
    return render(request, "reports/home.html", {"plans": plans})


def plan_detail(request, slug):
    plan = get_object_or_404(Plan.objects.published().select_related("issuing_agency"), slug=slug)
    tasks = plan.tasks.with_progress().select_related("channel", "lead_agency")
    return render(request, "reports/plan_detail.html", {"plan": plan, "tasks": tasks})
