"""RSS 2.0 and Atom (RFC 4287) feeds of the published reports. Every link is absolute with SITE_URL
(core.sites), never with the Sites row or the request's Host; Atom entries carry <updated>."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from core.identity import short_name, site_name
from core.sites import absolute_url

from .models import Report


def _local(moment):
    """In the province's time, to the second: 2020-01-05T08:00:00+07:00."""
    return timezone.localtime(moment).replace(microsecond=0) if moment else None


class LatestReportsRss(Feed):
    def title(self):
        return f"Báo cáo kết quả tuyên truyền cải cách hành chính — {short_name()}"

    def description(self):
        return f"Các báo cáo đã công khai trên {site_name()}."
    url_name = "reports:report_feed_rss"
    language = "vi"

    def link(self):
        return absolute_url(reverse("reports:report_list"))

    def feed_url(self):
        return absolute_url(reverse(self.url_name))

    def items(self):
        return Report.objects.published().listing().select_related("issuing_agency")[:20]

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    # Feed readers render an RSS item's title and description as HTML, so our plain-text title and
    # summary are escaped once more: a "<script>" typed into a summary is shown, never run.
    def item_title(self, item):
        return escape(str(item))

    def item_description(self, item):
        return escape(item.summary or item.title)

    def item_pubdate(self, item):
        return _local(item.published_at)

    def item_updateddate(self, item):
        return _local(max(filter(None, (item.updated_at, item.published_at))))

    def item_author_name(self, item):
        return item.issuing_agency.name


class LatestReportsAtom(LatestReportsRss):
    feed_type = Atom1Feed
    subtitle = LatestReportsRss.description
    url_name = "reports:report_feed_atom"

    def item_title(self, item):  # an Atom title is declared plain text (type="text"): no escaping
        return str(item)
