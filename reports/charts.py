"""Geometry for the server-drawn SVG charts. Templates draw; this only scales numbers to bars."""

BAR_ROW = 46
BAR_WIDTH = 260


def horizontal_bars(rows, *, label, value, text=None):
    """Rows for a horizontal bar chart: label above each bar, the value written after it."""
    peak = max((r[value] for r in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        width = round(BAR_WIDTH * row[value] / peak, 1)
        bars.append({
            "label": row[label], "value": row[value], "text": text(row) if text else row[value],
            "y": index * BAR_ROW, "bar_y": index * BAR_ROW + 18, "width": max(width, 1 if row[value] else 0),
        })
    return {"bars": bars, "height": len(rows) * BAR_ROW + 4, "width": BAR_WIDTH + 110}


def column_bars(rows, *, label, value, height=160):
    """Rows for a vertical bar chart (months)."""
    peak = max((r[value] for r in rows), default=0) or 1
    step = 36
    columns = []
    for index, row in enumerate(rows):
        bar = round(height * row[value] / peak, 1)
        columns.append({
            "label": row[label], "value": row[value], "x": index * step + 8,
            "y": height - bar + 20, "height": bar, "text_x": index * step + 8 + 12,
        })
    return {"columns": columns, "width": max(len(rows) * step + 16, 120), "height": height + 44,
            "axis_y": height + 20, "label_y": height + 36}
