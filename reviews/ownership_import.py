"""Who owns what, from a CSV file staff upload: email, product, since.

Every row is checked before anything is written; a file with any bad row changes
nothing and says which rows are wrong and why, so no file is ever half-applied.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from community.models import User
from reviews import services
from reviews.models import ProductPage

MAX_ROWS = 50_000
COLUMNS = ("email", "product", "since")


@dataclass
class ImportReport:
    created: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)

    @property
    def applied(self) -> bool:
        return not self.rejected


def import_ownership(data: bytes) -> ImportReport:
    report = ImportReport()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.rejected.append((0, _("The file is not UTF-8 text.")))
        return report
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in COLUMNS[:2] if column not in (reader.fieldnames or [])]
    if missing:
        report.rejected.append((1, _("The first line must name the columns email, product and since.")))
        return report
    rows = _checked(reader, report)
    if report.rejected:
        return report
    with transaction.atomic():
        for member, product, since in rows:
            if services.record_ownership(member, product, since):
                report.created += 1
            else:
                report.unchanged += 1
    return report


def _checked(reader, report: ImportReport) -> list[tuple]:
    rows = list(reader)
    if len(rows) > MAX_ROWS:
        report.rejected.append((0, _("At most %(max)d rows per file.") % {"max": MAX_ROWS}))
        return []
    emails = {(row.get("email") or "").strip().lower() for row in rows}
    members = {member.email.lower(): member for member in User.objects.filter(email__in=emails)}
    products = {}
    for product in ProductPage.objects.all():
        products[product.slug.lower()] = products[product.title.lower()] = product
    checked = []
    for line, row in enumerate(rows, start=2):
        email = (row.get("email") or "").strip().lower()
        name = (row.get("product") or "").strip().lower()
        since_text = (row.get("since") or "").strip()
        member, product = members.get(email), products.get(name)
        since = None
        if since_text:
            try:
                since = date.fromisoformat(since_text)
            except ValueError:
                report.rejected.append((line, _("“%(since)s” is not a date like 2024-05-31.") % {"since": since_text}))
                continue
        if member is None:
            report.rejected.append((line, _("No member has the address “%(email)s”.") % {"email": email}))
        elif product is None:
            report.rejected.append((line, _("There is no product “%(product)s”.") % {"product": name}))
        else:
            checked.append((member, product, since))
    return checked


def _check_products(values: dict[int, str]) -> tuple[dict[int, object], dict[int, str]]:
    """The member import's "products" column: product slugs or titles, separated by ";"."""
    products = {}
    for product in ProductPage.objects.all():
        products[product.slug.lower()] = products[product.title.lower()] = product
    checked, errors = {}, {}
    for line, text in values.items():
        names = [name.strip() for name in text.split(";") if name.strip()]
        unknown = [name for name in names if name.lower() not in products]
        if unknown:
            errors[line] = _("There is no product “%(product)s”.") % {"product": "”, “".join(unknown)}
        else:
            checked[line] = [products[name.lower()] for name in names]
    return checked, errors


def _record_products(member: User, products) -> bool:
    created = [services.record_ownership(member, product) for product in products or []]  # every one, then any
    return any(created)


def register_member_column() -> None:
    from community.member_import import Column, register_column

    register_column(Column("products", _check_products, _record_products))
