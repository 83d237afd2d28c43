"""Which reports each agency's staff see and change, stated to agencies.scoping (registered by
ReportsConfig.ready): a published report is public; a draft is seen and changed by its issuing agency
(and coordinators, who see everything)."""

from django.db.models import Q

from agencies import scoping
from campaigns.models import PublishStatus


def register_rules():
    scoping.register("reports.report",
                     see=lambda a: Q(issuing_agency_id=a) | Q(status=PublishStatus.PUBLISHED),
                     change=lambda a: Q(issuing_agency_id=a), owner="issuing_agency")
