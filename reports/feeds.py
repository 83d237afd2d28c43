from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from .models import Report


class LatestReportsRss(Feed):
    title = "Báo cáo kết quả tuyên truyền cải cách hành chính"
    link = reverse_lazy("reports:report_list")
    description = "Các báo cáo đã công khai trên Cổng thông tin tuyên truyền CCHC."

    def items(self):
        return Report.objects.published().listing().select_related("issuing_agency")[:20]

    def item_title(self, item):
        return str(item)

    def item_description(self, item):
        return item.summary or item.title

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.issuing_agency.name


class LatestReportsAtom(LatestReportsRss):
    feed_type = Atom1Feed
    subtitle = LatestReportsRss.description
