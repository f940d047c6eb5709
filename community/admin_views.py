"""Building blocks for admin views whose changes go through a service function."""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail.admin.views.generic.models import CreateView

from community.errors import ServiceError, add_service_errors


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


class WrittenOnTheSite:
    """Viewsets without an "add" view: members write these on the site."""

    copy_view_enabled = False

    def get_common_view_kwargs(self, **kwargs):
        return {**super().get_common_view_kwargs(**kwargs), "add_url_name": None}

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "add"]
