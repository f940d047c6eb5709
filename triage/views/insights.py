"""/admin/insights/: the product managers' dashboard, drawn on the server."""

from django.utils import formats
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from community.admin_views import AdminPage
from triage import charts, insights
from triage.access import TriageOnly


class InsightsView(TriageOnly, AdminPage, TemplateView):
    template_name = "triage/insights.html"
    page_title = gettext_lazy("Insights")
    header_icon = "doc-full"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        weeks = insights.ideas_per_week()
        funnel = insights.status_funnel()
        trends = insights.rating_trends()
        context.update(
            weeks=weeks,
            weeks_chart=charts.bars([(formats.date_format(monday, "d.m."), count) for monday, count in weeks]),
            responses=insights.first_response_times(),
            funnel=funnel,
            funnel_chart=charts.hbars(funnel),
            segments=insights.top_ideas_per_segment(),
            trends=[
                (
                    trend,
                    charts.line(
                        [(formats.date_format(month, "YEAR_MONTH_FORMAT"), avg) for month, avg, _n in trend.months],
                        low=1,
                        high=5,
                    ),
                )
                for trend in trends
            ],
            months=[month for month, _avg, _n in trends[0].months] if trends else [],
            satisfaction=insights.satisfaction(),
        )
        return context
