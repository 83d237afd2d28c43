"""Names as people type them: `name_key` (what two spellings of one name have in common), `_Names` (objects
by that key, with a "did you mean" for a name not found) and `_Lookups`, everything a row of a file may name
for one user (plans, tasks, agencies, channels), loaded once per file."""

import difflib
import re
import unicodedata
from functools import lru_cache

from agencies import scoping
from agencies.models import Agency

from .. import access
from ..models import Channel, approved_windows

_DASHES = re.compile(r"\s*[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]\s*")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def name_key(value: object) -> str:
    """What two spellings of one name have in common: Unicode form (NFC/NFD), letter case, the kind of dash
    and the spaces around it, and where the tone mark sits ("hoà"/"hòa", "uỷ"/"ủy", "Toạ"/"Tọa"): a
    Vietnamese syllable has one tone, so it is moved to the syllable's end."""
    return _name_key("" if value is None else str(value))


@lru_cache(maxsize=20_000)
def _name_key(text):
    text = unicodedata.normalize("NFD", text).casefold()
    text = " ".join(_DASHES.sub(" - ", text).split())
    out, tone = [], ""
    for char in text:
        if char in _TONE_MARKS:
            tone = char
        elif char.isalnum() or unicodedata.combining(char):
            out.append(char)
        else:
            out.append(tone + char)
            tone = ""
    out.append(tone)
    return unicodedata.normalize("NFC", "".join(out))


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
