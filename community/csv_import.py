"""What every CSV import shares: reading the file into numbered lines, and the report.

Imports check every line before they write anything; a file with any rejected line
changes nothing, and the report says which lines are wrong and why.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason); line 0: the whole file

    @property
    def applied(self) -> bool:
        return not self.rejected


@dataclass
class Table:
    header: list[str]  # lower-cased, as written (a name may repeat: the caller decides)
    header_line: int
    rows: dict[int, dict[str, str]]  # line number → {column: cell, stripped}


def read_table(data: bytes, report: ImportReport, *, max_bytes: int, max_rows: int) -> Table | None:
    """The file's header and lines; None (and the report says why) when the file as a
    whole cannot be read. Blank lines are skipped; a line with more cells than the
    header is rejected in the report."""
    if len(data) > max_bytes:
        report.rejected.append((0, _("The file is larger than %(mb)d MB.") % {"mb": max_bytes // (1024 * 1024)}))
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.rejected.append((0, _("The file is not UTF-8 text.")))
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        lines = [(reader.line_num, row) for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as error:
        report.rejected.append((0, _("The file is not valid CSV: %(error)s") % {"error": error}))
        return None
    if not lines:
        report.rejected.append((0, _("The file is empty.")))
        return None
    if len(lines) - 1 > max_rows:
        report.rejected.append((0, _("At most %(max)d rows per file.") % {"max": max_rows}))
        return None
    (header_line, names), body = lines[0], lines[1:]
    header = [name.strip().lower() for name in names]
    rows = {}
    for number, cells in body:
        if len(cells) > len(header):
            report.rejected.append((number, _("This line has more cells than the first line names.")))
            continue
        rows[number] = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
    return Table(header, header_line, rows)
