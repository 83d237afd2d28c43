"""Names as people type them: `name_key` (core.spreadsheets: what two spellings of one name have in
common), `_Names` (objects by that key, with a "did you mean" for a name not found) and `_Lookups`,
everything a row of a file may name for one user (plans, tasks, agencies, channels), loaded once per file."""

import difflib

from agencies import scoping
from agencies.models import Agency
from core.spreadsheets import name_key

from .. import access
from ..models import Channel, approved_windows


class _Names:
    """Objects by the `name_key` of their names, with "did you mean" for a name that is not there."""

    def __init__(self):
        self.by_key, self.shown, self._suggestions = {}, {}, {}

    def add(self, name, obj, shown=None):
        if name:
            key = name_key(name)
            self.by_key.setdefault(key, obj)
            self.shown.setdefault(key, shown or name)

    def get(self, text):
        return self.by_key.get(name_key(text))

    def suggestion(self, text):
        key = name_key(text)
        if key not in self._suggestions:
            close = difflib.get_close_matches(key, list(self.shown), n=1, cutoff=0.6)
            self._suggestions[key] = f" Có phải là: “{self.shown[close[0]]}”?" if close else ""
        return self._suggestions[key]


def _plan_label(plan):
    return plan.document_number or plan.title


class _Lookups:
    """Everything a row may refer to, for this user, loaded once per file (a bounded number of queries)."""

    def __init__(self, user):
        self.user = user
        self.sees_all = scoping.sees_all(user)
        self.own_agency = getattr(user, "agency", None) if getattr(user, "agency_id", None) else None
        self.plans = _Names()
        for plan in access.plans_for_activities(user).order_by("-year", "title"):
            for name in (plan.document_number, plan.title, plan.slug):
                self.plans.add(name, plan, _plan_label(plan))
        self.tasks, self.tasks_anywhere = {}, _Names()
        for task in access.tasks_for_activities(user).select_related("plan", "channel").order_by("plan", "order"):
            self.tasks.setdefault(task.plan_id, _Names()).add(task.title, task)
            self.tasks_anywhere.add(task.title, task)
        # Every agency is recognised (their names are public), so that "not yours" is told apart from "no
        # such agency"; only `may_enter` (and an existing row's own agency) may be used.
        self.agencies, self.entry = _Names(), _Names()
        self.may_enter = set()
        for agency in Agency.objects.all():
            for name in (agency.name, agency.short_name):
                self.agencies.add(name, agency, agency.name)
        self.approved_windows = approved_windows(scoping.entry_agencies(user))  # the reporting cycle's locks
        for agency in scoping.entry_agencies(user):
            self.may_enter.add(agency.pk)
            for name in (agency.name, agency.short_name):
                self.entry.add(name, agency, agency.name)
        self.channels = _Names()
        for channel in Channel.objects.all():
            for name in (channel.name, f"{channel.name} ({channel.unit})", channel.code):
                self.channels.add(name, channel, channel.name)
