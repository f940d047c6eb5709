"""Members from the company's CRM, by CSV: email, external id, segment, value, and any
column a feature app adds (reviews adds "products", the products a customer owns).

Every row is checked before anything is written; a file with any bad row changes
nothing and the report says which lines are wrong and why, so a file is never
half-applied. Members not known yet are created without a password: they sign in by
resetting it, or with a social account for that address.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from community.csv_import import ImportReport, read_table
from community.members.segments import customer_data_changed
from community.models import Segment, User
from community.plugins import Point

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
REQUIRED = ("email",)
OWN_COLUMNS = ("email", "external_id", "segment", "value")


@dataclass(frozen=True)
class Column:
    """A column a feature app adds. check(values) gets every row's cell (by line) and
    returns what apply needs per line, or an error text per line; apply(member, checked)
    writes one row's part and returns whether it changed anything."""

    name: str
    check: Callable[[dict[int, str]], tuple[dict[int, object], dict[int, str]]]
    apply: Callable[[User, object], bool]


COLUMNS: Point[Column] = Point("member import columns", Column)


def _column(name: str) -> Column:
    return next(column for column in COLUMNS if column.name == name)


def columns() -> list[str]:
    return [*OWN_COLUMNS, *(column.name for column in COLUMNS)]


@dataclass
class _Row:
    line: int
    email: str
    external_id: str | None = None
    segment: Segment | None = None
    value: Decimal | None = None
    given: set[str] = field(default_factory=set)  # the columns present in the file
    extra: dict[str, object] = field(default_factory=dict)


def import_members(data: bytes) -> ImportReport:
    report = ImportReport()
    table = read_table(data, report, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    if table is None:
        return report
    problem = _check_header(table.header)
    if problem:
        report.rejected = [(table.header_line, problem)]
        return report
    if report.rejected:
        return report
    checked = _check_rows(table.rows, set(table.header), report)
    if report.rejected:
        return report
    with transaction.atomic():
        _apply(checked, report)
    return report


def _check_header(header: list[str]) -> str:
    known = columns()
    unknown = [name for name in header if name not in known]
    if unknown or "email" not in header:
        return _("The first line must name the columns: email, and any of %(optional)s. Not known: %(unknown)s.") % {
            "optional": ", ".join(known[1:]),
            "unknown": ", ".join(unknown) or "–",
        }
    if len(set(header)) != len(header):
        return _("A column is named twice.")
    return ""


def _check_rows(cells: dict[int, dict[str, str]], given: set[str], report: ImportReport) -> list[_Row]:
    segments = {segment.name.lower(): segment for segment in Segment.objects.all()}
    emails = {row.get("email", "").lower() for row in cells.values()}
    known_ids = dict(
        User.objects.filter(external_id__isnull=False).exclude(email__in=emails).values_list("external_id", "email")
    )
    first_line_of: dict[str, int] = {}
    first_line_of_id: dict[str, int] = {}
    checked: list[_Row] = []
    errors: dict[int, list[str]] = {}
    for line, row in cells.items():
        problems = errors.setdefault(line, [])
        email = row.get("email", "").lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(email)s” is not an email address.") % {"email": email})
        if email in first_line_of:
            problems.append(_("The address is also on line %(line)d.") % {"line": first_line_of[email]})
        first_line_of.setdefault(email, line)
        parsed = _Row(line=line, email=email, given=given)
        if "external_id" in given and row["external_id"]:
            external_id = row["external_id"]
            if len(external_id) > 100:
                problems.append(_("The CRM id is longer than 100 characters."))
            elif external_id in first_line_of_id:
                problems.append(_("The CRM id is also on line %(line)d.") % {"line": first_line_of_id[external_id]})
            elif external_id in known_ids:
                problems.append(_("The CRM id “%(id)s” belongs to another member.") % {"id": external_id})
            first_line_of_id.setdefault(external_id, line)
            parsed.external_id = external_id
        if "segment" in given and row["segment"]:
            parsed.segment = segments.get(row["segment"].lower())
            if parsed.segment is None:
                problems.append(_("There is no segment “%(segment)s”.") % {"segment": row["segment"]})
        if "value" in given and row["value"]:
            try:
                parsed.value = Decimal(row["value"].replace(",", ""))
            except InvalidOperation:
                parsed.value = None
            if parsed.value is None or not parsed.value.is_finite() or parsed.value < 0 or parsed.value >= 10**12:
                problems.append(_("“%(value)s” is not a value like 1200.50.") % {"value": row["value"]})
                parsed.value = None
        checked.append(parsed)
    for column in COLUMNS:
        name = column.name
        if name not in given:
            continue
        values, column_errors = column.check({line: row[name] for line, row in cells.items()})
        for line, message in column_errors.items():
            errors[line].append(message)
        for parsed in checked:
            parsed.extra[name] = values.get(parsed.line)
    for line, problems in errors.items():
        if problems:
            report.rejected.append((line, " ".join(problems)))
    return checked


def _apply(rows: list[_Row], report: ImportReport) -> None:
    members = {member.email.lower(): member for member in User.objects.filter(email__in=[row.email for row in rows])}
    valued = []  # members whose segment or value changed
    for row in rows:
        found = members.get(row.email)
        created = found is None
        member = User.objects.create_user(row.email) if found is None else found
        changed = []
        for name, value in (("external_id", row.external_id), ("segment", row.segment), ("customer_value", row.value)):
            column = "value" if name == "customer_value" else name
            if column in row.given and getattr(member, name) != value:
                setattr(member, name, value)
                changed.append(name)
        if changed:
            member.save(update_fields=changed)
            if {"segment", "customer_value"} & set(changed):
                valued.append(member.pk)
        for name, checked in row.extra.items():
            if _column(name).apply(member, checked):
                changed.append(name)
        if created:
            report.created += 1
        elif changed:
            report.updated += 1
        else:
            report.unchanged += 1
    customer_data_changed(valued)
