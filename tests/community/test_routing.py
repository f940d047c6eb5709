from django.apps import apps
from django.utils.module_loading import import_string
from wagtail.contrib.routable_page.models import RoutablePageMixin


def routes_by_name() -> dict[str, str]:
    named = {}
    for model in apps.get_models():
        if issubclass(model, RoutablePageMixin):
            for pattern in model.get_subpage_urls():
                if view_path := getattr(pattern.callback, "view_path", None):
                    named[f"{model.__name__}.{pattern.name}"] = view_path
    return named


def test_every_page_route_names_a_view_that_exists():
    named = routes_by_name()

    assert {"IdeaBoardPage.detail", "ChangelogPage.feed", "ProductPage.write_review"} <= set(named)
    assert all(callable(import_string(view_path)) for view_path in named.values())
