"""Reviews in the Wagtail admin. Every change goes through reviews.services, so the
product ratings stay exact and reviewers are told, as on the site."""

from django import forms
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic.models import CreateView, EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from community.admin_views import AnnouncedViews, CsvImportView, SavedThroughService, WrittenOnTheSite
from reviews import ownership_import, services
from reviews.models import ProductOwnership, Review, ReviewReply


class ReviewModerationForm(WagtailAdminModelForm):
    class Meta:
        model = Review
        fields = ["moderation_state", "moderation_reason"]


class ReviewEditView(SavedThroughService, EditView):
    def save_through_service(self, form):
        data = form.cleaned_data
        return services.set_moderation_state(
            self.object, data["moderation_state"], self.request.user, data["moderation_reason"]
        )


class ReviewViewSet(WrittenOnTheSite, ModelViewSet):
    model = Review
    icon = "openquote"
    menu_label = gettext_lazy("Reviews")
    list_display = ["title", "product", "rating", "author", "moderation_state", "helpful_count", "created_at"]
    list_filter = ["product", "rating", "moderation_state", "verified_owner"]
    search_fields = ["title", "body"]
    ordering = ["-created_at"]
    inspect_view_enabled = True
    edit_view_class = ReviewEditView

    def get_form_class(self, for_update=False):
        return ReviewModerationForm


class ReplyEditForm(WagtailAdminModelForm):
    class Meta:
        model = ReviewReply
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}


class ReplyEditView(SavedThroughService, EditView):
    def save_through_service(self, form):
        return services.reply_to_review(self.request.user, self.object.review, form.cleaned_data["body"])


class ReviewReplyViewSet(WrittenOnTheSite, ModelViewSet):
    model = ReviewReply
    icon = "comment"
    menu_label = gettext_lazy("Replies to reviews")
    list_display = ["review", "author", "updated_at"]
    ordering = ["-updated_at"]
    form_fields = ["body"]
    edit_view_class = ReplyEditView

    def get_form_class(self, for_update=False):
        return ReplyEditForm


class OwnershipForm(WagtailAdminModelForm):
    class Meta:
        model = ProductOwnership
        fields = ["member", "product", "since"]


class OwnershipCreateView(SavedThroughService, CreateView):
    def save_through_service(self, form):
        data = form.cleaned_data
        services.record_ownership(data["member"], data["product"], data["since"])
        return ProductOwnership.objects.get(member=data["member"], product=data["product"])


class OwnershipIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(_("Import CSV"), url=reverse("product_owners:import"), icon_name="upload"),
        ]


class OwnershipImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy(
            "UTF-8, first line: email,product,since. Product is its slug or title; since is a date like "
            "2024-05-31 or empty. A file with any bad row changes nothing."
        ),
    )


class OwnershipImportView(CsvImportView):
    form_class = OwnershipImportForm
    page_title = gettext_lazy("Import product owners")
    permission = "reviews.add_productownership"
    max_bytes = ownership_import.MAX_BYTES
    index_url_name = "product_owners:index"
    index_label = gettext_lazy("Product owners")
    importer = staticmethod(ownership_import.import_ownership)

    def success_message(self, report) -> str:
        return _("Imported: %(created)d new owners, %(unchanged)d already recorded.") % {
            "created": report.created,
            "unchanged": report.unchanged,
        }


class OwnershipViewSet(AnnouncedViews, ModelViewSet):
    model = ProductOwnership
    icon = "user"
    menu_label = gettext_lazy("Product owners")
    list_display = ["member", "product", "since", "recorded_at"]
    list_filter = ["product"]
    search_fields = ["member__email", "member__display_name"]
    ordering = ["-recorded_at"]
    index_view_class = OwnershipIndexView
    add_view_class = OwnershipCreateView

    def get_form_class(self, for_update=False):
        return OwnershipForm

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("import/", OwnershipImportView.as_view(), name="import")]


class ReviewsGroup(ViewSetGroup):
    menu_label = gettext_lazy("Reviews")
    menu_icon = "openquote"
    menu_order = 210
    items = (
        ReviewViewSet("reviews"),
        ReviewReplyViewSet("review_replies"),
        OwnershipViewSet("product_owners"),
    )


@hooks.register("register_admin_viewset")
def register_reviews_group():
    return ReviewsGroup()
