"""Geometry for the server-drawn SVG charts. Templates draw; this only scales numbers to bars."""

import math

BAR_ROW = 46
BAR_WIDTH = 260
VALUE_GAP = 6  # between a bar's end and its value
VALUE_CHAR = 7.5  # a generous average advance of the 13 px value text, diacritics included
VALUE_ROOM = 110  # the least room kept after the bars


def horizontal_bars(rows, *, label, value, text=None, scale_by=None):
    """Rows for a horizontal bar chart: label above each bar, the value written after it.

    With `scale_by` (e.g. "unit"), bars are scaled against the largest value of the rows sharing that key:
    "144 đề tài" and "3 buổi" are never drawn on one scale, only rows of one unit compare. The chart is wide
    enough for its longest value after a full-length bar."""
    def group(row):
        return row[scale_by] if scale_by else None

    peaks = {}
    for row in rows:
        peaks[group(row)] = max(peaks.get(group(row), 0), row[value])
    bars = []
    for index, row in enumerate(rows):
        width = round(BAR_WIDTH * row[value] / (peaks[group(row)] or 1), 1)
        bars.append({
            "label": row[label], "value": row[value], "text": text(row) if text else row[value],
            "y": index * BAR_ROW, "bar_y": index * BAR_ROW + 18, "width": max(width, 1 if row[value] else 0),
        })
    longest = max((len(str(bar["text"])) for bar in bars), default=0)
    room = max(VALUE_ROOM, math.ceil(VALUE_GAP + VALUE_CHAR * longest))
    return {"bars": bars, "height": len(rows) * BAR_ROW + 4, "width": BAR_WIDTH + room}


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
