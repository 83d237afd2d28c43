from urllib.parse import urlencode

from django.contrib import admin
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.numbers import format_number
from core.panels import panels_for

from . import search


def start_page(request):
    """The admin's start page: Django's app list under the panels the apps contribute for this user
    (the coordinator's reporting cycle and citizens' answers, the officer's periods and tasks)."""
    return admin.site.index(request, extra_context={"panels": panels_for(request)})


@require_GET
def search_results(request):
    """/tim-kiem/?q=…[&loai=ke-hoach|nhiem-vu|bao-cao|binh-luan][&trang=2]. Not in the page cache: every
    query is its own address (core.caching keeps only pages of known, numeric parameters)."""
    query = search.parse_query(request.GET.get("q", ""))
    kind = request.GET.get("loai", "")
    kind = kind if kind in search.KINDS else ""
    context = {"query": query, "search_query": query.text, "kind": kind, "kinds": search.KINDS}
    if query.searchable:
        context.update(search.search_page(query, kind=kind, page_number=request.GET.get("trang")))
        found = context["found"]
        capped = context["comment_count_capped"]
        counts = {"": found.total, **found.counts}
        context["kind_links"] = [
            {"label": label, "selected": value == kind, "count": counts[value],
             # Comments are counted up to COMMENT_COUNT_CAP, and one more to know there are more.
             "count_text": f"hơn {format_number(counts[value] - 1)}" if capped and value in ("", "binh-luan")
             else format_number(counts[value]),
             "url": "?" + urlencode({"q": query.text, **({"loai": value} if value else {})})}
            for value, label in [("", "Tất cả"), *search.KINDS.items()]
        ]
        context["total_text"] = context["kind_links"][0]["count_text"]
        base = {"q": query.text, **({"loai": kind} if kind else {})}
        page = context["page"]
        if page.has_previous():
            context["previous_url"] = "?" + urlencode({**base, "trang": page.previous_page_number()})
        if page.has_next():
            context["next_url"] = "?" + urlencode({**base, "trang": page.next_page_number()})
    return render(request, "portal/search.html", context)
