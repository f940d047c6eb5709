from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from changelog import views as changelog
from community.branding import views as branding
from community.identity import views as identity
from community.keys import views as keys
from community.moderation import reports
from community.operations import metrics
from community.privacy import views as privacy
from community.profiles import views as profiles
from community.views import language, markdown
from config import health
from config.api import api
from ideas.views import shipped
from triage.trackers import views as trackers
from widget import views as widget

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("metrics", metrics.metrics_view, name="metrics"),
    path("i18n/setlang/", language.set_language, name="set_language"),
    path("brand.css", branding.brand_css, name="brand_css"),
    path("markdown/preview/", markdown.preview, name="markdown_preview"),
    path("sso/", identity.sso, name="sso"),
    path("widget.js", widget.script, name="widget_script"),
    path("widget/", include("widget.urls")),
    # The widget's "open the full community": its frame's session cannot cross into the site's.
    path("continue/<str:token>/", widget.continue_to_site, name="widget_continue"),
    path("api/v1/", api.urls),
    path("notifications/", include("community.urls")),
    path("report/<str:kind>/<int:pk>/", reports.report, name="report"),
    path("members/<int:pk>/", profiles.profile, name="profile"),
    path("profile/", profiles.edit_profile, name="edit_profile"),
    path("profile/api-keys/", keys.keys_page, name="api_keys"),
    path("profile/api-keys/<int:pk>/revoke/", keys.revoke_key, name="revoke_api_key"),
    path("privacy/", privacy.privacy_page, name="privacy"),
    path("privacy/export/", privacy.request_export, name="privacy_export"),
    path("privacy/exports/<int:pk>/", privacy.download, name="privacy_download"),
    path("privacy/delete/", privacy.delete_account, name="delete_account"),
    path("shipped/<str:token>/", shipped.shipped_feedback, name="shipped_feedback"),
    path("subscriptions/changelog/", changelog.subscribe, name="changelog_subscribe"),
    path("subscriptions/changelog/confirm/<str:token>/", changelog.confirm, name="changelog_confirm"),
    path("subscriptions/changelog/leave/<str:token>/", changelog.unsubscribe, name="changelog_unsubscribe"),
    path("search/", include("search.urls")),
    path("accounts/", include("allauth.urls")),
    # Email providers report bounces and complaints here (django-anymail's webhooks).
    path("email/provider/", include("anymail.urls")),
    # Issue trackers report their issues' changes here, one address per connection.
    path("integrations/trackers/<uuid:key>/", trackers.receive, name="tracker_webhook"),
    # Staff sign in where members do, so that two-factor and the lockout apply to them.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every page that no pattern above claims.
urlpatterns.append(path("", include(wagtail_urls)))
