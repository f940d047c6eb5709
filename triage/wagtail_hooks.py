"""The triage desk in the Wagtail admin: the board, each idea's sheet, insights
and answer templates."""

from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from triage.access import TriageMenuItem
from triage.models import AnswerTemplate
from triage.views.board import BoardView, ExportView
from triage.views.insights import InsightsView
from triage.views.kanban import KanbanView, MoveView
from triage.views.sheet import IdeaSheetView, TriageMergeView


class AnswerTemplateViewSet(ModelViewSet):
    model = AnswerTemplate
    icon = "openquote"
    menu_label = gettext_lazy("Answer templates")
    menu_order = 196
    add_to_admin_menu = True
    list_display = ["name"]
    form_fields = ["name", "body", "body_de"]


@hooks.register("register_admin_viewset")
def register_answer_templates():
    return AnswerTemplateViewSet("answer_templates")


@hooks.register("register_admin_urls")
def register_triage_urls():
    return [
        path("triage/", BoardView.as_view(), name="triage"),
        path("triage/export.<str:format>", ExportView.as_view(), name="triage_export"),
        path("triage/kanban/", KanbanView.as_view(), name="triage_kanban"),
        path("triage/kanban/move/", MoveView.as_view(), name="triage_kanban_move"),
        path("triage/<int:pk>/", IdeaSheetView.as_view(), name="triage_idea"),
        path("triage/<int:pk>/merge/", TriageMergeView.as_view(), name="triage_merge"),
        path("insights/", InsightsView.as_view(), name="insights"),
    ]


@hooks.register("register_admin_menu_item")
def register_triage_menu_item():
    return TriageMenuItem(_("Triage"), reverse("triage"), name="triage", icon_name="pick", order=190)


@hooks.register("register_admin_menu_item")
def register_insights_menu_item():
    return TriageMenuItem(_("Insights"), reverse("insights"), name="insights", icon_name="doc-full", order=195)


@hooks.register("register_admin_viewset")
def register_trackers():
    from triage.trackers.admin import TrackersGroup

    return TrackersGroup()
