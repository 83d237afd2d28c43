"""Figures "theo đơn vị hiện nay": a report's per-agency figures with each closed agency's counted under the
units that carry its work today (agencies.succession). The one function the report page, the API and the
Excel file call; it takes figures as reports.figures.read_figures gives them — a published report's frozen
record, or a draft's live ones — and never reads activities again, so a frozen report stays frozen.

Per-agency figures are computed by the database as before (reports.queries); this folds their rows, in one
query for the succession links whatever the size of the data. A split's share of each figure is rounded by
the largest remainder, row by row, so every total is the same both ways (0,6 × 7 đề tài = 4,2 and 0,4 × 7 =
2,8 become 4 and 3, not 4 and 2). Figures about the whole (channels, months, tasks) are left as they are."""

import copy
import math
from fractions import Fraction

from agencies.succession import CurrentUnits, current_units, share_text
from core.text import vietnamese_sort_key

from .figures import Figures

PARAMETER = "don-vi"  # ?don-vi=hien-nay on the report page and the API (settings.PUBLIC_PAGE_PARAMETERS)
AS_REPORTED, CURRENT = "khi-bao-cao", "hien-nay"
CHOICES = (AS_REPORTED, CURRENT)
LABEL = "Tính lại theo đơn vị hiện nay"
METHOD = ("Số liệu của đơn vị đã thôi hoạt động (sáp nhập, chia tách, đổi tên) được tính cho đơn vị kế thừa "
          "hiện nay; khi chia tách, theo tỷ lệ kế thừa đã khai, làm tròn để tổng số không đổi.")


def apportion(value: int, shares: list[Fraction]) -> list[int]:
    """`value` in parts by `shares` (which make 1), whole numbers adding up to `value`: each its floor, then
    the units left over to the largest remainders (ties: the earlier successor)."""
    exact = [value * share for share in shares]
    parts = [math.floor(part) for part in exact]
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in by_remainder[:value - sum(parts)]:
        parts[i] += 1
    return parts


def _fold(rows, units, *, key, name_fields, value_fields):
    """Rows under today's units: `key(row, unit id)` groups them; `name_fields(successor)` names a unit the row
    did not carry; each folded row lists what it took from closed agencies (`includes`)."""
    folded = {}

    def target(row, unit, names):
        found = folded.get(key(row, unit))
        if found is None:
            found = folded[key(row, unit)] = {**row, "agency_id": unit, **names, "includes": [],
                                              **{field: 0 for field in value_fields}}
        return found

    for row in rows:
        successors = units.of(row["agency_id"]) if row["agency_id"] is not None else None
        if not successors:  # one of today's units (or not followable): its own figures
            kept = target(row, row["agency_id"], {})
            for field in value_fields:
                kept[field] += row[field]
            continue
        parts = {field: apportion(row[field], [s.share for s in successors]) for field in value_fields}
        closed_name = units.names.get(row["agency_id"], "")
        for i, successor in enumerate(successors):
            found = target(row, successor.agency_id, name_fields(successor))
            for field in value_fields:
                found[field] += parts[field][i]
            taken = closed_name if successor.share == 1 else f"{closed_name} ({share_text(successor.share)})"
            if taken not in found["includes"]:
                found["includes"].append(taken)
    for row in folded.values():
        row["includes"].sort(key=vietnamese_sort_key)
    return list(folded.values())


def by_current_units(figures: Figures, *, units: CurrentUnits | None = None) -> Figures:
    """A copy of `figures` with `agencies` and `agency_channels` under today's units, `totals.agencies` the
    number of those units, and `recalculated` saying so: {"label", "method", "unshared": [sentences]}."""
    units = units if units is not None else current_units()
    result = copy.copy(figures)
    agencies = _fold(figures["agencies"], units, key=lambda row, unit: unit if unit is not None else row["name"],
                     name_fields=lambda s: {"name": s.name, "short_name": s.short_name},
                     value_fields=("activities", "participants"))
    result["agencies"] = sorted(agencies, key=lambda row: (-row["activities"], vietnamese_sort_key(row["name"])))
    channel_order = {row["name"]: i for i, row in enumerate(figures["channels"])}
    agency_channels = _fold(
        figures["agency_channels"], units,
        key=lambda row, unit: (unit if unit is not None else row["agency"], row["channel"], row["unit"]),
        name_fields=lambda s: {"agency": s.short_name}, value_fields=("total", "activities"))
    result["agency_channels"] = sorted(agency_channels, key=lambda row: (
        vietnamese_sort_key(row["agency"]), channel_order.get(row["channel"], len(channel_order)), row["channel"]))
    result["totals"] = {**figures["totals"], "agencies": len(result["agencies"])}
    shown = {row["agency_id"] for row in figures["agencies"]} | {row["agency_id"] for row in figures["agency_channels"]}
    unshared = []
    for agency_id in sorted(shown - {None}, key=lambda pk: vietnamese_sort_key(units.names.get(pk, ""))):
        unshared += [note for note in units.unshared.get(agency_id, ()) if note not in unshared]
    result["recalculated"] = {"label": LABEL, "method": METHOD, "unshared": unshared}
    return result
