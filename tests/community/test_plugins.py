"""What each app plugs into the layers below it, all through community.plugins."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from community import plugins
from ideas import documents
from search import registry

# The whole picture: a new contribution, or one that went missing, shows up here.
EXPECTED = {
    "community": {
        "privacy parts": ["reputation", "account", "pictures", "notifications"],
        "demo finishers": ["community.demo.classify_members"],
        "home panels": ["updates"],
        "timeline sources": ["community.profiles.timeline.timeline"],
        "notification topics": ["account"],
        "badges": ["trusted_voice"],
        "dashboard waiting": ["community.moderation.admin.waiting_for_moderators"],
        "webhook events": ["moderation.overdue"],
        "webhook filters": ["segment"],
    },
    "search": {
        "change listeners": ["search.indexing.changed"],
        "demo finishers": ["search.demo.rebuild_index"],
        "readiness checks": ["search.interface.readiness"],
    },
    "reviews": {
        "search kinds": ["product", "review"],
        "moderation kinds": ["reviews.Review"],
        "privacy parts": ["reviews"],
        "profile sections": ["reviews"],
        "timeline sources": ["reviews.extensions.profile.timeline"],
        "activity measures": ["reviews.extensions.activity.measure"],
        "home panels": ["my_products"],
        "webhook events": ["review.created"],
        "webhook filters": ["product"],
        "member import columns": ["products"],
        "demo steps": ["products", "reviews"],
        "site pages": ["reviews.site_pages.create_pages"],
        "reputation reasons": ["review_helpful"],
        "badges": ["helpful_reviewer"],
        "notification topics": ["review_replies", "product_news"],
    },
    "ideas": {
        "search kinds": ["idea"],
        "moderation kinds": ["ideas.Idea", "ideas.Comment"],
        "privacy parts": ["ideas"],
        "profile sections": ["ideas", "comments"],
        "timeline sources": ["ideas.extensions.profile.timeline"],
        "activity measures": ["ideas.extensions.activity.measure"],
        "home panels": ["ideas_on_my_products", "segment_demand"],
        "digest sections": ["new_ideas_on_my_products"],
        "webhook events": [
            "idea.created",
            "idea.status_changed",
            "idea.planned",
            "idea.merged",
            "idea.votes_reached",
        ],
        "customer data listeners": ["ideas.demand.members_changed"],
        "demo steps": ["ideas"],
        "site pages": ["ideas.site_pages.create_pages"],
        "product page panels": ["ideas.extensions.product_panel.most_demanded_ideas"],
        "change listeners": ["ideas.queries.board_changed"],
        "reputation reasons": ["idea_planned", "answer_accepted"],
        "badges": ["idea_maker", "problem_solver"],
        "notification topics": ["idea_status", "replies", "mentions", "captured", "official_answers", "highlights"],
    },
    "changelog": {
        "changelog posts": ["changelog.extensions.release_posts"],
        "changelog panels": ["changelog.views.subscribe_panel"],
        "privacy parts": ["changelog"],
        "demo steps": ["changelog"],
    },
    "triage": {
        "demo steps": ["triage"],
        "idea admin buttons": ["triage.extensions.triage_button"],
        "dashboard waiting": [
            "triage.dashboard.unanswered_ideas",
            "triage.dashboard.my_evaluations",
            "triage.dashboard.held_tracker_changes",
        ],
        "webhook events": ["community.week"],
    },
}


def test_each_app_plugs_in_exactly_what_the_table_lists():
    assert plugins.contributions() == EXPECTED


def test_every_point_a_layer_declares_is_given_to_and_no_other():
    given = {name for points in EXPECTED.values() for name in points}

    assert set(plugins.points()) == given


def test_a_point_refuses_what_it_does_not_take():
    refused = "scratch/extensions.py gives 'search kinds' a str"
    with pytest.raises(ImproperlyConfigured, match=refused), plugins.giving("scratch"):
        registry.KINDS.add("idea")

    assert registry.kinds() == sorted(registry.KINDS, key=lambda kind: kind.position)
    assert "scratch" not in plugins.contributions()


def test_only_an_apps_extensions_module_gives_to_a_point():
    with pytest.raises(ImproperlyConfigured, match="from an app's extensions.py"):
        registry.KINDS.add(documents.IDEAS)

    assert [kind.name for kind in registry.kinds()] == ["idea", "review", "product"]
