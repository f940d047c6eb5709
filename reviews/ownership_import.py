"""Who owns what, from a CSV file staff upload: email, product, since.

Every row is checked before anything is written; a file with any bad row changes
nothing and says which rows are wrong and why, so no file is ever half-applied.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from community.csv_import import ImportReport, read_table
from community.models import User
from reviews import services
from reviews.models import ProductPage

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
COLUMNS = ("email", "product", "since")


def import_ownership(data: bytes) -> ImportReport:
    report = ImportReport()
    table = read_table(data, report, max_bytes=MAX_BYTES, max_rows=MAX_ROWS)
    if table is None:
        return report
    if any(column not in table.header for column in COLUMNS[:2]):
        report.rejected = [(table.header_line, _("The first line must name the columns email, product and since."))]
        return report
    rows = _checked(table.rows, report)
    if report.rejected:
        return report
    with transaction.atomic():
        for member, product, since in rows:
            if services.record_ownership(member, product, since):
                report.created += 1
            else:
                report.unchanged += 1
    return report


def _products_by_name() -> dict[str, ProductPage]:
    """Products by lower-cased slug and by lower-cased title."""
    products = {}
    for product in ProductPage.objects.all():
        products[product.slug.lower()] = products[product.title.lower()] = product
    return products


def _checked(rows: dict[int, dict[str, str]], report: ImportReport) -> list[tuple]:
    emails = {row["email"].lower() for row in rows.values()}
    members = {member.email.lower(): member for member in User.objects.filter(email__in=emails)}
    products = _products_by_name()
    checked = []
    for line, row in rows.items():
        email, name, since_text = row["email"].lower(), row["product"].lower(), row.get("since", "")
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


def check_products(values: dict[int, str]) -> tuple[dict[int, object], dict[int, str]]:
    """The member import's "products" column: product slugs or titles, separated by ";"."""
    products = _products_by_name()
    checked, errors = {}, {}
    for line, text in values.items():
        names = [name.strip() for name in text.split(";") if name.strip()]
        unknown = [name for name in names if name.lower() not in products]
        if unknown:
            errors[line] = _("There is no product “%(product)s”.") % {"product": "”, “".join(unknown)}
        else:
            checked[line] = [products[name.lower()] for name in names]
    return checked, errors


def record_products(member: User, products) -> bool:
    created = [services.record_ownership(member, product) for product in products or []]  # every one, then any
    return any(created)
