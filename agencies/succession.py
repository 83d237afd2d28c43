"""Where a closed agency's work is today: each agency closed by a merge, split or rename, followed through
every later change to the units that exist now, with the share of its work each one carries.

Read in one query (every succession link of the changes in force, with both sides' names), whatever the
number of agencies or changes; the chains are resolved here, in Python, over that small table (a province
has hundreds of units, the country a few thousand). reports.reform counts figures under today's units with
it; nothing here changes any record: an approval in 2019 stays a fact about the agency that existed then.

The rules: a merge or rename gives the whole to its one successor; a split gives each successor its declared
share; a split without declared shares gives the whole to its first successor (and `unshared` says so, so a
page can). A transfer moves part of the work but closes nothing: the figures stay. A change whose effective
date is still to come moves nothing yet."""

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils import timezone

from .models import Agency, AgencyChange, AgencySuccession


@dataclass(frozen=True)
class Successor:
    agency_id: int
    name: str
    short_name: str
    share: Fraction  # of the closed agency's work: a closed agency's successors' shares make 1


@dataclass
class CurrentUnits:
    """`successors`: closed agency id → today's units, in the changes' order. `unshared`: closed agency id →
    the sentences saying which split on its way declared no shares (so the whole went to the first)."""

    successors: dict[int, list[Successor]] = field(default_factory=dict)
    unshared: dict[int, list[str]] = field(default_factory=dict)
    names: dict[int, str] = field(default_factory=dict)  # the closed agencies' names

    def of(self, agency_id):
        """Today's units of `agency_id`, or None when it is one of them (or nothing records its successors)."""
        return self.successors.get(agency_id)


def current_units(*, today: dt.date | None = None) -> CurrentUnits:
    today = today or timezone.localdate()
    links = (AgencySuccession.objects
             .filter(change__kind__in=AgencyChange.CLOSING, change__effective_date__lte=today)
             .order_by("change__effective_date", "change_id", "order", "id")
             .values_list("change_id", "change__kind", "change__legal_basis",
                          "change__source_links__agency", "change__source_links__agency__name",
                          "agency_id", "agency__name", "agency__short_name", "share"))
    # Per source, its latest closing change: (change id, kind, basis, [(successor id, share)]).
    direct, names, successor_names = {}, {}, {}
    for change_id, kind, basis, source, source_name, successor, name, short_name, share in links:
        if source is None:
            continue
        names[source] = source_name
        successor_names[successor] = (name, short_name or name)
        current = direct.get(source)
        if current is None or current[0] != change_id:  # ordered by date: a later change replaces an earlier
            current = direct[source] = (change_id, kind, basis, [])
        current[3].append((successor, share))

    def step(source):
        """The direct successors' weights, and the sentence if this split declared no shares."""
        _, kind, basis, successors = direct[source]
        shares = [share for _, share in successors]
        if kind == AgencyChange.Kind.SPLIT and len(successors) > 1 and all(s is not None for s in shares):
            whole = sum(shares)
            return [(pk, Fraction(share) / Fraction(whole)) for pk, share in successors], None
        first = successors[0][0]
        note = None
        if len(successors) > 1:
            note = (f"{names[source]} chia tách ({basis}) chưa khai tỷ lệ kế thừa: toàn bộ số liệu được tính "
                    f"cho {successor_names[first][0]} (đơn vị kế thừa đầu tiên).")
        return [(first, Fraction(1))], note

    resolved = {}

    def resolve(agency, path):
        """{today's unit: share}, [notes] for `agency`; an agency without a closing change is its own unit.
        `path` guards against a cycle the recording rules already refuse."""
        if agency in resolved:
            return resolved[agency]
        if agency not in direct or agency in path:
            return {agency: Fraction(1)}, []
        weights, note = step(agency)
        total, all_notes = {}, [note] if note else []
        for successor, weight in weights:
            sub, sub_notes = resolve(successor, path | {agency})
            for unit, share in sub.items():
                total[unit] = total.get(unit, 0) + weight * share
            all_notes += [n for n in sub_notes if n not in all_notes]
        resolved[agency] = (total, all_notes)
        return resolved[agency]

    units = CurrentUnits(names=names)
    for source in direct:
        total, notes = resolve(source, frozenset())
        units.successors[source] = [
            Successor(agency_id=pk, name=successor_names[pk][0], short_name=successor_names[pk][1], share=share)
            for pk, share in total.items() if share]
        if notes:
            units.unshared[source] = notes
    return units


def answering_agency_id(agency_id: int | None) -> int | None:
    """Who answers today for the work of `agency_id` (a citizen's question on its page): the agency while it
    is open; once closed, the one open unit that carries its whole work now (a merge, a rename, a chain of
    them); None — the provincial coordinators decide — when its work was split, or it closed with no
    recorded successor."""
    if agency_id is None or Agency.objects.open_now().filter(pk=agency_id).exists():
        return agency_id
    units = current_units()
    today = units.of(agency_id)
    if not today or len(today) != 1 or agency_id in units.unshared:
        return None
    return today[0].agency_id if Agency.objects.open_now().filter(pk=today[0].agency_id).exists() else None


def share_text(share: Fraction) -> str:
    """60% — 33,33% — what a row of recalculated figures says it took from a closed agency."""
    percent = share * 100
    if percent.denominator == 1:
        return f"{percent.numerator}%"
    return f"{float(percent):.2f}".rstrip("0").rstrip(".").replace(".", ",") + "%"

