"""Activities in and out of Excel, the way provincial staff keep them.

One list of columns (`columns.COLUMNS`) serves the import template, the export and the importer, so an
exported file imports back unchanged. Its first column, "Mã dòng", is the activity's id: an exported file
edited in Excel and imported again corrects those very activities; a row without an id is a new activity.
Files in the layout before that column (`LEGACY_HEADERS`) still import: their rows are new unless they match
an existing activity exactly on (plan, agency, date, content), so importing an old file twice adds nothing.

Reading a file saves nothing (`reading.read_activities`). Every row becomes an `Activity` that goes through
the model's own validation (`Activity.full_clean`, the rules the admin form applies), with names looked up
only among what the user may use (`names`, `agencies.scoping`); every problem is reported with its row and
column in Vietnamese. Errors block the file; warnings (an unusual quantity, a likely duplicate) are shown
and confirmed. A confirmed file is saved all or nothing, in one transaction, as one `ImportBatch`
(`saving.import_activities`) that its author or a coordinator can undo (`saving.import_batch_undo`).

The modules, each importing only those before it: `names` (name matching, look-ups), `cells` (a parser per
kind of cell), `columns` (the column table), `reading`, then `writing` (template, exports, problems file)
and `saving` (import, undo). This package exports what the rest of the portal uses.
"""

from .columns import COLUMNS, DATA_SHEET, HEADERS, LEGACY_HEADERS
from .reading import ImportFileError, read_activities
from .saving import ImportUndoError, import_activities, import_batch_undo
from .writing import activities_csv, activities_xlsx, problems_workbook, template_workbook

__all__ = [
    "COLUMNS",
    "DATA_SHEET",
    "HEADERS",
    "LEGACY_HEADERS",
    "ImportFileError",
    "ImportUndoError",
    "activities_csv",
    "activities_xlsx",
    "import_activities",
    "import_batch_undo",
    "problems_workbook",
    "read_activities",
    "template_workbook",
]
