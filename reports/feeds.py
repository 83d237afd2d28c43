from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Report


class LatestReportsRss(Feed):
    title = "Báo cáo kết quả tuyên truyền cải cách hành chính"
    link = reverse_lazy("reports:report_list")
    description = "Các báo cáo đã công khai trên Cổng thông tin tuyên truyền CCHC."

    def items(self):
        return Report.objects.published().listing().select_related("issuing_agency")[:20]

    # Feed readers render an RSS item's title and description as HTML, so our plain-text title and
    # summary are escaped once more: a "<script>" typed into a summary is shown, never run.
    def item_title(self, item):
        return escape(str(item))

    def item_description(self, item):
        return escape(item.summary or item.title)

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.issuing_agency.name


class LatestReportsAtom(LatestReportsRss):
    feed_type = Atom1Feed
    subtitle = LatestReportsRss.description

    def item_title(self, item):  # an Atom title is declared plain text (type="text"): no escaping
        return str(item)
