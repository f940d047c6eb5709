"""/admin/api-keys/: the integration keys staff make for the company's tools (each acts
as the staff member who made it, within its scopes), and every key there is, to revoke."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem

from community.admin_views import AdminPage
from community.errors import ServiceError, add_service_errors
from community.keys import services
from community.keys.views import KeyForm
from community.models import ApiKey


class KeysMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(services.MANAGE_PERMISSION)


class KeysView(AdminPage, TemplateView):
    template_name = "community/admin/api_keys.html"
    page_title = gettext_lazy("API keys")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(services.MANAGE_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", KeyForm(offered=self._offered(), initial={"scopes": [ApiKey.Scope.READ]}))
        context["keys"] = ApiKey.objects.select_related("owner").order_by("revoked_at", "-created_at")[:200]
        return context

    def _offered(self) -> tuple:
        return services.offered_scopes(self.request.user, ApiKey.Kind.INTEGRATION)

    def post(self, request):
        if revoked := request.POST.get("revoke"):
            key = get_object_or_404(ApiKey, pk=int(revoked) if revoked.isdigit() else 0)
            services.revoke(key, request.user)
            messages.success(request, _("“%(name)s” is revoked: it no longer works.") % {"name": key.name})
            return redirect("api_keys_admin")
        form = KeyForm(request.POST, offered=self._offered())
        made = None
        if form.is_valid():
            try:
                _row, made = services.create_key(
                    request.user,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    by=request.user,
                    kind=ApiKey.Kind.INTEGRATION,
                    expires_at=form.expires_at(),
                )
            except ServiceError as error:
                add_service_errors(form, error)
        response = self.render_to_response(
            self.get_context_data(form=form if made is None else None, made=made), status=200 if made else 422
        )
        response["Cache-Control"] = "private, no-store"
        return response
