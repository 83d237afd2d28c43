"""Geometry for the server-drawn SVG charts. Templates draw; this only scales numbers to bars."""

import math

from core.numbers import format_number, percent

BAR_ROW = 46
BAR_WIDTH = 260
VALUE_GAP = 6  # between a bar's end and its value
VALUE_CHAR = 7.5  # a generous average advance of the 13 px value text, diacritics included
VALUE_ROOM = 110  # the least room kept after the bars
TARGET_BAR_WIDTH = 200  # the target chart's full bar: shorter, so that a 375 px phone draws its text near 13 px
TARGET_LABEL_CHARS = 44  # a longer task title is cut with "…" there (the task table under it has it in full)


def horizontal_bars(rows, *, label, value, text=None):
    """Rows for a horizontal bar chart of one measure (e.g. activities per agency): label above each bar, the
    value written after it, every bar on one scale. The chart is wide enough for its longest value after a
    full-length bar."""
    peak = max((row[value] for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        width = round(BAR_WIDTH * row[value] / peak, 1)
        bars.append({
            "label": row[label], "value": row[value], "text": text(row) if text else row[value],
            "y": index * BAR_ROW, "bar_y": index * BAR_ROW + 18, "width": max(width, 1 if row[value] else 0),
        })
    return {"bars": bars, "height": len(rows) * BAR_ROW + 4, "width": BAR_WIDTH + _value_room(bars)}


def target_bars(rows, *, label):
    """Rows for a chart of shares of targets, the one measure that compares across units: each row with a
    `target` (its `achieved` and `unit` beside it) is a bar whose full length is its own target, written
    "520/600 đề tài, 86%" (core.numbers.percent, rounded down). Over-achievement stops the bar at the target
    and is stated in the text ("45/40 kỳ, 100% (vượt 5)"), the share capped at 100% as the task table, the Word
    and Excel files and the API give it. Rows without a target have no bar (`skipped` counts them:
    they stay in the table)."""
    bars, skipped = [], 0
    for row in rows:
        target = row["target"]
        if not target:
            skipped += 1
            continue
        achieved = row["achieved"] or 0
        index = len(bars)
        name = row[label]
        if len(name) > TARGET_LABEL_CHARS:
            name = name[:TARGET_LABEL_CHARS - 1].rstrip() + "…"
        share = min(percent(achieved, target), 100)  # as the task table and the files say it: done is 100%
        beyond = f" (vượt {format_number(achieved - target)})" if achieved > target else ""
        bars.append({
            "label": name, "value": share,
            "text": f"{format_number(achieved)}/{format_number(target)} {row['unit'] or ''}".rstrip()
            + f", {share}%{beyond}",
            "y": index * BAR_ROW, "bar_y": index * BAR_ROW + 18,
            "width": round(TARGET_BAR_WIDTH * min(achieved, target) / target, 1),
        })
    longest_label = max((len(bar["label"]) for bar in bars), default=0)
    width = max(TARGET_BAR_WIDTH + _value_room(bars), math.ceil(VALUE_CHAR * longest_label))
    return {"bars": bars, "height": len(bars) * BAR_ROW + 4, "width": width, "track": TARGET_BAR_WIDTH,
            "skipped": skipped}


def _value_room(bars):
    longest = max((len(str(bar["text"])) for bar in bars), default=0)
    return max(VALUE_ROOM, math.ceil(VALUE_GAP + VALUE_CHAR * longest))


def column_bars(rows, *, label, value, height=160):
    """Rows for a vertical bar chart (months)."""
    peak = max((r[value] for r in rows), default=0) or 1
    step = 36
    columns = []
    for index, row in enumerate(rows):
        bar = round(height * row[value] / peak, 1)
        columns.append({
            "label": row[label], "value": row[value], "x": index * step + 8,
            "y": round(height - bar + 20, 1), "height": bar, "text_x": index * step + 8 + 12,
        })
    return {"columns": columns, "width": max(len(rows) * step + 16, 120), "height": height + 44,
            "axis_y": height + 20, "label_y": height + 36}
