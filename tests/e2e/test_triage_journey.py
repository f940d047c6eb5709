"""Triage in a real browser: a product manager finds what the Enterprise segment asks
for, merges a duplicate, and plans the idea; the backlog's webhook receives exactly one
signed idea.planned delivery, and every voter is told."""

import base64
import hashlib
import hmac
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from community.members.groups import PRODUCT_MANAGERS
from community.models import Notification, Segment, WebhookEndpoint
from ideas import services
from ideas.models import Status
from tests.e2e.helpers import sign_in_with_code
from tests.factories import IdeaFactory, MemberFactory

pytestmark = [pytest.mark.e2e]


def product_managers() -> Group:
    """The group as its data migrations make it (an earlier browser test's flush removed it)."""
    from importlib import import_module

    from django.apps import apps

    import_module("community.migrations.0006_staff_groups").create_groups(apps, None)
    for migration in ("ideas.migrations.0006_staff_group_permissions", "ideas.migrations.0010_triage_permissions"):
        import_module(migration).grant_permissions(apps, None)
    return Group.objects.get(name=PRODUCT_MANAGERS)


def test_a_product_manager_triages_by_segment_merges_and_plans(
    page, live_server, board, webhook_receiver, mailoutbox, assert_accessible
):
    enterprise = Segment.objects.create(name="Enterprise", weight=Decimal("3"))
    small = Segment.objects.create(name="Small business", weight=Decimal("1"))
    manager = MemberFactory(display_name="Petra PM", is_staff=True)
    manager.groups.add(product_managers())
    endpoint = WebhookEndpoint.objects.create(name="Backlog", url=webhook_receiver.url, events=["idea.planned"])

    sso = IdeaFactory(title="Single sign-on with Entra ID")
    duplicate = IdeaFactory(title="Log in with our Microsoft accounts")
    dark = IdeaFactory(title="Dark mode")
    emailed = MemberFactory(segment=enterprise, channels={"idea_status": "email"})
    on_site = MemberFactory(segment=enterprise)
    moved = MemberFactory(segment=small)
    services.cast_vote(emailed, sso)
    services.cast_vote(on_site, duplicate)
    services.cast_vote(moved, duplicate)
    for voter in MemberFactory.create_batch(3, segment=small):
        services.cast_vote(voter, dark)

    sign_in_with_code(page, live_server.url, manager)
    page.goto(live_server.url + "/admin/triage/")
    expect(page.get_by_role("link", name="Dark mode")).to_be_visible()
    page.get_by_label("Voters' segment").select_option(label="Enterprise")
    page.get_by_label("Sort by").select_option(label="Segment-weighted demand")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Dark mode")).to_have_count(0)
    expect(page.get_by_text("Demand counts the votes of segment “Enterprise” only.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Log in with our Microsoft accounts").click()
    expect(page.get_by_role("heading", name="Demand: why it ranks here")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Merge into…").click()
    page.get_by_role("button", name="Choose an idea").click()
    modal = page.get_by_role("dialog")
    modal.get_by_label("Search term").fill("Single sign-on")
    modal.get_by_role("link", name="Single sign-on with Entra ID").click()
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_text("is merged into “Single sign-on with Entra ID”")).to_be_visible()

    # Now on the survivor's sheet: three voters, the duplicate's included.
    expect(page.get_by_role("cell", name="Single sign-on with Entra ID")).to_have_count(0)
    page.get_by_label("New status").select_option(label="Planned")
    page.get_by_label("Public message").fill("Planned for the spring release.")
    page.get_by_role("button", name="Change the status").click()
    expect(page.get_by_text("“Single sign-on with Entra ID” is now Planned.")).to_be_visible()
    assert_accessible(page)

    [delivery] = webhook_receiver.received
    assert delivery.json["type"] == "idea.planned"
    assert delivery.json["data"]["id"] == sso.pk and delivery.json["data"]["votes"] == 3
    key = base64.b64decode(endpoint.secret.removeprefix("whsec_"))
    signed = f"{delivery.headers['webhook-id']}.{delivery.headers['webhook-timestamp']}.".encode() + delivery.body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert hmac.compare_digest(delivery.headers["webhook-signature"], expected)

    told = set(
        Notification.objects.filter(title="“Single sign-on with Entra ID” is now Planned").values_list(
            "recipient", flat=True
        )
    )
    assert {emailed.pk, on_site.pk, moved.pk} <= told
    assert [message.to for message in mailoutbox if "is now Planned" in message.subject] == [[emailed.email]]


def test_a_kanban_drag_moves_an_idea_with_a_message(page, live_server, board, assert_accessible):
    manager = MemberFactory(display_name="Petra PM", is_staff=True)
    manager.groups.add(product_managers())
    follower = MemberFactory()
    idea = IdeaFactory(title="Dark mode")
    services.follow_idea(follower, idea)
    IdeaFactory(title="Offline folders", status=Status.objects.get(slug="planned"))
    released = IdeaFactory(title="Export to CSV", status=Status.objects.get(slug="shipped"))

    sign_in_with_code(page, live_server.url, manager)
    page.goto(live_server.url + "/admin/triage/kanban/")
    assert_accessible(page)
    card = page.locator(f'.kanban-card[data-idea="{idea.pk}"]')
    planned = page.locator('section[aria-labelledby="kanban-planned"]')
    card.drag_to(planned)

    dialog = page.get_by_role("dialog", name="Move “Dark mode” to Planned")
    expect(dialog).to_be_visible()
    assert_accessible(page)
    dialog.get_by_label("Public message").fill("Planned for **May**.")
    dialog.get_by_role("button", name="Move and tell the followers").click()

    expect(dialog).to_be_hidden()
    expect(planned.locator(f'.kanban-card[data-idea="{idea.pk}"]')).to_be_visible()
    expect(planned.locator("[data-count]")).to_have_text("2")
    expect(planned.get_by_role("status")).to_have_text("“Dark mode” is now Planned; its followers are told.")
    idea.refresh_from_db()
    assert idea.status.slug == "planned"
    assert idea.status_changes.get().message == "Planned for **May**."
    assert Notification.objects.filter(recipient=follower, title="“Dark mode” is now Planned").exists()

    # The workflow still decides: a shipped idea cannot be declined; it stays put, and the dialog says why.
    shipped = page.locator(f'.kanban-card[data-idea="{released.pk}"]')
    shipped.drag_to(page.locator('section[aria-labelledby="kanban-declined"]'))
    page.get_by_role("dialog").get_by_role("button", name="Move and tell the followers").click()
    expect(page.get_by_role("dialog").get_by_role("alert")).to_contain_text("cannot move from “Shipped” to “Declined”")
    page.get_by_role("dialog").get_by_role("button", name="Cancel").click()
    expect(
        page.locator('section[aria-labelledby="kanban-shipped"]').locator(f'[data-idea="{released.pk}"]')
    ).to_be_visible()
