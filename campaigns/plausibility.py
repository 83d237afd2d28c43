"""Quantities far above what an agency usually records for a channel: a warning the officer confirms.

One function serves the admin form and the Excel import preview, in one GROUP BY query for any number
of (agency, channel) pairs. "Usual" is the agency's average quantity for the channel over its earlier
activities (at least MIN_HISTORY of them); with less history, the channel's average over every agency.
A quantity above QUANTITY_WARNING_FACTOR × that average is unusual."""

from django.conf import settings
from django.db.models import Avg, Count

from core.numbers import format_number

from .models import Activity

MIN_HISTORY = 3


def usual_quantities(pairs, *, exclude_ids=()):
    """{(agency_id, channel_id): average quantity or None} for the given pairs."""
    pairs = {(a, c) for a, c in pairs if a and c}
    if not pairs:
        return {}
    channels = {c for _a, c in pairs}
    agencies = {a for a, _c in pairs}
    base = Activity.objects.filter(channel_id__in=channels).exclude(pk__in=list(exclude_ids))
    per_agency = {
        (r["agency_id"], r["channel_id"]): r
        for r in base.filter(agency_id__in=agencies).values("agency_id", "channel_id")
        .annotate(n=Count("id"), avg=Avg("quantity")).order_by()
    }
    per_channel = {
        r["channel_id"]: r
        for r in base.values("channel_id").annotate(n=Count("id"), avg=Avg("quantity")).order_by()
    }
    usual = {}
    for pair in pairs:
        row = per_agency.get(pair)
        if row is None or row["n"] < MIN_HISTORY:
            row = per_channel.get(pair[1])
        usual[pair] = float(row["avg"]) if row and row["n"] >= MIN_HISTORY and row["avg"] else None
    return usual


def unusual_quantity_message(quantity, usual, unit):
    """The warning for `quantity`, or None if it is plausible."""
    if usual is None or quantity is None or quantity <= max(1, usual) * settings.QUANTITY_WARNING_FACTOR:
        return None
    return (f"số lượng {format_number(quantity)} {unit} cao bất thường (gấp hơn "
            f"{settings.QUANTITY_WARNING_FACTOR} lần mức thường nhập, trung bình {format_number(round(usual))} "
            f"{unit} mỗi hoạt động); hãy kiểm tra lại")


