"""Building blocks for admin views whose changes go through a service function."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.models import CreateView, DeleteView, EditView

from community.changes import changed
from community.csv_import import ImportReport
from community.errors import ServiceError, add_service_errors


class AdminPage(WagtailAdminTemplateMixin):
    """A page of our own in the admin: its title heads the page (Wagtail's header shows
    the last breadcrumb, "Home" if a view names none)."""

    def get_parent_crumbs(self) -> list[dict]:
        """The pages above this one, as breadcrumbs ({"url": …, "label": …})."""
        return []

    def get_breadcrumbs_items(self):
        here = {"url": "", "label": self.get_page_title()}
        return [*super().get_breadcrumbs_items(), *self.get_parent_crumbs(), here]


class SavedThroughService:
    """Edit and create views whose save is a service call; a refusal shows on the form.
    Views using it define save_through_service(form), which returns the saved object."""

    def form_valid(self, form):
        try:
            self.object = self.save_through_service(form)
        except ServiceError as error:
            add_service_errors(form, error)
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)
        # Wagtail's create view takes the instance here, its edit view does not.
        message = self.get_success_message(self.object) if isinstance(self, CreateView) else self.get_success_message()
        if message:
            messages.success(self.request, message)
        return redirect(self.get_success_url())


class AnnouncesChanges:
    """For admin views that save or delete what members see without a service: the
    change goes down the one change path (community.changes), as a service's would."""

    def save_instance(self):
        instance = super().save_instance()
        changed(instance)
        return instance

    def delete_action(self):
        changed(self.object)  # before the row goes
        super().delete_action()


class AnnouncedCreateView(AnnouncesChanges, CreateView):
    pass


class AnnouncedEditView(AnnouncesChanges, EditView):
    pass


class AnnouncedDeleteView(AnnouncesChanges, DeleteView):
    pass


class AnnouncedViews:
    """A ModelViewSet mixin: its add, edit and delete views announce their changes."""

    add_view_class = AnnouncedCreateView
    edit_view_class = AnnouncedEditView
    delete_view_class = AnnouncedDeleteView


class WrittenOnTheSite:
    """Viewsets without an "add" view: members write these on the site."""

    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        return {**super().get_common_view_kwargs(**kwargs), "add_url_name": None}

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]


class CsvImportView(WagtailAdminTemplateMixin, FormView):
    """An admin page that imports a CSV file: the file is refused before it is read when
    too large, and a report with any rejected line means nothing was written.

    Subclasses set form_class (with a `file` field), page_title, permission, max_bytes,
    index_url_name, index_label and importer (a staticmethod: bytes → ImportReport), and may say the
    counts their own way in success_message(report)."""

    template_name = "community/admin/csv_import.html"
    header_icon = "upload"
    permission = ""
    max_bytes = 0
    index_url_name = ""
    index_label = ""
    importer: Callable[[bytes], ImportReport]

    def success_message(self, report: ImportReport) -> str:
        return _("Imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.") % {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *super().get_breadcrumbs_items(),
            {"url": reverse(self.index_url_name), "label": self.index_label},
            {"url": "", "label": _("Import CSV")},
        ]

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        if upload.size > self.max_bytes:
            form.add_error("file", _("The file is larger than %(mb)d MB.") % {"mb": self.max_bytes // 2**20})
            return self.form_invalid(form)
        report = self.importer(upload.read())
        if report.applied:
            messages.success(self.request, self.success_message(report))
            return redirect(self.index_url_name)
        return self.render_to_response(self.get_context_data(form=form, report=report), status=422)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)
