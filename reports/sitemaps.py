from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from campaigns.models import Plan

from .models import Report


class PlanSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Plan.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ReportSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Report.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["reports:home", "reports:plan_list", "reports:report_list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"trang": StaticSitemap, "ke-hoach": PlanSitemap, "bao-cao": ReportSitemap}
