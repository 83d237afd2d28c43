from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from campaigns.models import Plan
from core.sites import site_domain, site_protocol

from .models import Report


class PortalSitemap(Sitemap):
    """Addresses with SITE_URL's scheme and host (core.sites), whatever the Sites row or the request say."""

    def get_protocol(self, protocol=None):
        return site_protocol()

    def get_domain(self, site=None):
        return site_domain()


class PublishedSitemap(PortalSitemap):
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


class StaticSitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):
        return ["reports:home", "reports:plan_list", "reports:report_list", "reports:open_data"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"trang": StaticSitemap, "ke-hoach": PlanSitemap, "bao-cao": ReportSitemap}
