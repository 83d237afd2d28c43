from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from campaigns.models import Plan

from .models import Report


class PublishedSitemap(Sitemap):
    """Published rows of a model with a `published()` queryset method; drafts never appear."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PlanSitemap(PublishedSitemap):
    model = Plan
    changefreq = "weekly"


class ReportSitemap(PublishedSitemap):
    model = Report
    changefreq = "monthly"


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["reports:home", "reports:plan_list", "reports:report_list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"trang": StaticSitemap, "ke-hoach": PlanSitemap, "bao-cao": ReportSitemap}
