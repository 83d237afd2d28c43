"""The discussion app's panel of the staff start page (core.panels): comments waiting for moderation and
how quickly each agency answered citizens, month by month (coordinators)."""

import datetime as dt

from django.conf import settings
from django.utils import timezone

from agencies import scoping
from core.panels import Panel

from .models import CitizenComment
from .queries import answer_timeliness, answer_timeliness_by_agency_month

ANSWER_MONTHS = 6


def comment_answers(*, today):
    """Citizens' approved questions and the answers, per responsible agency and month of the last
    ANSWER_MONTHS months, with the province's totals: two queries. (What waits for moderation is counted
    in its own card: spam left in the queue must not make an agency look late.)"""
    first = today.replace(day=1)
    months = [first]
    for _ in range(ANSWER_MONTHS - 1):
        months.insert(0, (months[0] - dt.timedelta(days=1)).replace(day=1))
    by_agency = {}
    for row in answer_timeliness_by_agency_month(since=months[0]):
        month = timezone.localtime(row["month"]).date() if isinstance(row["month"], dt.datetime) else row["month"]
        agency = by_agency.setdefault(row["responsible_agency_id"], {"agency": row["agency"], "cells": {}})
        agency["cells"][month.replace(day=1)] = row
    rows = [{"agency": a["agency"], "cells": [a["cells"].get(m) for m in months]} for a in by_agency.values()]
    return {"months": months, "rows": rows, "totals": answer_timeliness(), "days": settings.COMMENTS_ANSWER_DAYS}


class AnswersPanel(Panel):
    order = 20
    template_name = "discussion/panels/answers.html"

    def is_shown(self):
        return (self.user.is_active and self.user.is_staff and scoping.sees_all(self.user)
                and self.user.has_perm("discussion.view_citizencomment"))

    def get_context_data(self):
        return {"pending": CitizenComment.objects.in_moderation().count(),
                "answers": comment_answers(today=timezone.localdate())}
