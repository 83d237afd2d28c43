"""The shape of a report's figures, and the one way to read them.

Publishing freezes `reports.queries.report_figures(...)` as JSON in `Report.figures`: an official record that
is never rewritten. The code that shows it changes, so the shape is declared here with a version number, and
every reader (the report page, the home page headline, the API, Word, Excel, CSV) goes through
`read_figures`, which brings any older stored shape up to the current one.

Versions:
1. (no "version" key) A task's `achieved` was everything entered for it by the day of freezing, whatever
   the report's period; there was no `achieved_in_period`, and `completion` did not say which period.
2. A task has `achieved_in_period` (its activities dated within the period) and `achieved` (cumulative
   from the plan's start to the period's end); percent, status and the plan's done count are as of the
   period's end, and `completion` carries the period (`start`, `end`).
3. A task has `overdue` (its deadline had passed undone at the period's end, or at the day of computing
   without a period), and the figures count approved activities only (the reporting cycle). Older records
   get `overdue` from their deadline and period end where known, else False; what they counted stays as
   frozen.
4. Percentages are rounded down (core.numbers.percent), so none reads 100 before its target is met: version 3
   rounded 548 of 550 to 100 beside "Đang thực hiện". Older records are read with each task's percent worked
   out again from its own frozen target and achieved figure, and the share of tasks done from the frozen
   counts; a qualitative task keeps its frozen percent (0 or 100, from its status). Nothing counted changes.
"""

import copy
from typing import TypedDict

from core.dates import vn_date

FIGURES_VERSION = 4


class Totals(TypedDict):
    activities: int
    participants: int
    agencies: int


class ChannelRow(TypedDict):
    channel_id: int | None
    name: str
    unit: str
    code: str
    total: int  # in the channel's unit: never added across channels
    activities: int
    participants: int
    awards: int


class AgencyRow(TypedDict):
    agency_id: int | None
    name: str
    short_name: str
    activities: int
    participants: int


class AgencyChannelRow(TypedDict):
    agency_id: int | None
    agency: str
    channel: str
    unit: str
    total: int
    activities: int


class MonthRow(TypedDict):
    month: str  # "2019-04"
    label: str  # "04/2019"
    activities: int
    participants: int


class TaskRow(TypedDict):
    id: int | None
    title: str
    target: int | None  # None: a qualitative task (its status is typed by staff)
    achieved_in_period: int | None  # None: qualitative, or frozen before version 2 (not known)
    achieved: int | None  # cumulative to the period's end (version 1: to the day of freezing)
    unit: str | None
    percent: int
    status: str  # campaigns.models.TaskStatus
    status_label: str
    deadline: str | None  # ISO date
    lead_agency: str
    overdue: bool  # deadline passed before the period's end and not done then (version 3)


class Completion(TypedDict):
    start: str | None  # ISO dates of the period the task figures were counted for; None: no period
    end: str | None
    planned: int
    done: int  # as of `end`
    percent: int | None
    tasks: list[TaskRow]


class Figures(TypedDict):
    version: int
    computed_at: str | None
    totals: Totals
    channels: list[ChannelRow]
    agencies: list[AgencyRow]
    agency_channels: list[AgencyChannelRow]
    months: list[MonthRow]
    completion: Completion | None


_ROW_DEFAULTS = {
    "channels": {"channel_id": None, "name": "", "unit": "", "code": "", "total": 0, "activities": 0,
                 "participants": 0, "awards": 0},
    "agencies": {"agency_id": None, "name": "", "short_name": "", "activities": 0, "participants": 0},
    "agency_channels": {"agency_id": None, "agency": "", "channel": "", "unit": "", "total": 0, "activities": 0},
    "months": {"month": "", "label": "", "activities": 0, "participants": 0},
}
_TASK_DEFAULTS = {"id": None, "title": "", "target": None, "achieved_in_period": None, "achieved": None,
                  "unit": None, "percent": 0, "status": "", "status_label": "", "deadline": None, "lead_agency": "",
                  "overdue": False}


def _from_version_1(data):
    """Version 1 → 2: the in-period figure was never frozen and cannot be recomputed as it was, so it is
    None (shown as "—"); `achieved` keeps its value, which counted up to the day of freezing."""
    completion = data.get("completion")
    if completion:
        completion.setdefault("start", None)
        completion.setdefault("end", None)
        for task in completion.get("tasks", []):
            task.setdefault("achieved_in_period", None)
    return data


def _from_version_2(data):
    """Version 2 → 3: `overdue` from what the record says (deadline, status, period end); without a period end
    nothing tells when it was judged, so False."""
    completion = data.get("completion")
    if completion:
        end = completion.get("end")
        for task in completion.get("tasks", []):
            # Its own copy of the rule, on purpose: a published report's flags must not follow a later
            # change to campaigns.models.task_overdue.
            task.setdefault("overdue", bool(end and task.get("deadline") and task["deadline"] < end
                                            and task.get("status") != "done"))
    return data


def _from_version_3(data):
    """Version 3 → 4: percentages rounded down, from the record's own frozen figures."""
    completion = data.get("completion")
    if completion:
        for task in completion.get("tasks", []):
            target, achieved = task.get("target"), task.get("achieved")
            if target and achieved is not None:
                # Its own copy of the rule, as above: the record does not follow later changes of the code's.
                task["percent"] = min(100, 100 * achieved // target)
        if completion.get("planned"):
            completion["percent"] = 100 * (completion.get("done") or 0) // completion["planned"]
    return data


_UPGRADES = {1: _from_version_1, 2: _from_version_2, 3: _from_version_3}


def _fill(data):
    """What a shape should have and an older record may lack: zeros and empty lists, never a guess."""
    data.setdefault("computed_at", None)
    totals = data.get("totals") or {}
    data["totals"] = {key: totals.get(key) or 0 for key in ("activities", "participants", "agencies")}
    for key, defaults in _ROW_DEFAULTS.items():
        data[key] = [{**defaults, **row} for row in data.get(key) or []]
    completion = data.get("completion")
    if completion:
        completion = {"start": None, "end": None, "planned": 0, "done": 0, "percent": None, **completion}
        completion["tasks"] = [{**_TASK_DEFAULTS, **task}
                               for task in completion.get("tasks") or []]
        data["completion"] = completion
    else:
        data["completion"] = None
    return data


def read_figures(data) -> Figures | None:
    """Frozen (or freshly computed) figures in the current shape. The stored record is not modified."""
    if data is None:
        return None
    version = data.get("version", 1)
    if version >= FIGURES_VERSION:
        return data  # written by today's report_figures (or a newer one): nothing to upgrade
    data = copy.deepcopy(data)
    while version in _UPGRADES:
        data = _UPGRADES[version](data)
        version += 1
    data = _fill(data)
    data["version"] = FIGURES_VERSION
    return data


def _date(value):
    return vn_date(value) or None


def has_awards(figures):
    """Whether the channels' table has a "Số giải" column, on the page and in Word: where a contest gave
    prizes (the Excel file and the CSV always have it)."""
    return any(row.get("awards") for row in figures["channels"])


def progress_columns(completion):
    """Headings of a task's two progress figures, for the page, Word and Excel: ("Trong kỳ",
    "Lũy kế đến 30/06/2019"). None when the figures were counted without a period (then the in-period and
    the cumulative figures are one and the same, shown as "Đã thực hiện")."""
    if not completion:
        return None
    if completion.get("end"):
        return ("Trong kỳ", f"Lũy kế đến {_date(completion['end'])}")
    if any(t["target"] and t["achieved_in_period"] is None for t in completion["tasks"]):
        return ("Trong kỳ", "Lũy kế đến ngày chốt số liệu")  # frozen before version 2
    if completion.get("start"):
        return ("Trong kỳ", "Lũy kế")
    return None


def as_of_phrase(completion):
    """ "lũy kế đến 30/06/2019", to follow the plan's done count in a sentence; "" when not dated."""
    columns = progress_columns(completion)
    if not columns or columns[1] == "Lũy kế":
        return ""
    return "l" + columns[1][1:]
