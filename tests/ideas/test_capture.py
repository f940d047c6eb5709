"""Feedback captured on a customer's behalf: support records a customer's vote, idea or
comment from the admin or a CRM through the API; it counts like the customer's own, the
customer hears of it and can take a vote back, and product managers see it as captured."""

import json

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from community.errors import InvalidInput
from community.keys import services as keys
from community.members.groups import CUSTOMER_TEAMS
from community.models import ApiKey, Notification, User
from community.privacy import services as privacy
from community.profiles import services as profiles
from ideas import services as ideas
from ideas.capture import services
from ideas.models import Capture, Comment, Idea, Vote
from tests.factories import IdeaFactory, MemberFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agent():
    """Anna from support: in the customer teams' group, not a superuser."""
    from allauth.mfa.models import Authenticator

    anna = MemberFactory(display_name="Anna Support", is_staff=True)
    anna.groups.add(Group.objects.get(name=CUSTOMER_TEAMS))
    Authenticator.objects.create(user=anna, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return anna


@pytest.fixture
def customer():
    return MemberFactory(display_name="Carl Customer", email="carl@customer.example", external_id="CRM-42")


def record_form(**given):
    data = {"customer": "carl@customer.example", "kind": "vote", "idea": "", "importance": "", "title": "",
            "body": "", "source": "call", "link": "https://desk.example.com/tickets/981", "quote": ""}  # fmt: skip
    data.update(given)
    return data


def test_support_records_a_customers_vote_and_the_customer_hears_it(
    client, board, agent, customer, django_capture_on_commit_callbacks
):
    idea = IdeaFactory(title="Export to Excel")
    client.force_login(agent)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("capture_feedback"),
            record_form(idea=str(idea.pk), importance="3", quote="We copy every report by hand, every Monday."),
        )

    assert response.status_code == 302
    vote = Vote.objects.get(idea=idea, member=customer)
    assert vote.importance == 3
    idea.refresh_from_db()
    assert idea.vote_count == 1
    capture = Capture.objects.get()
    assert (capture.customer, capture.captured_by, capture.source) == (customer, agent, "call")
    note = Notification.objects.get(recipient=customer)
    assert note.title == "Anna Support added your vote for “Export to Excel”"
    assert "We copy every report by hand" in note.body
    assert "Withdraw the vote" in note.body
    kinds = [item.kind for item in profiles.timeline(customer)]
    assert "Vote recorded by Anna Support" in kinds


def test_the_customer_can_take_the_vote_back(board, agent, customer):
    idea = IdeaFactory()
    services.record(agent, customer, kind="vote", source="email", idea=idea)

    result = ideas.withdraw_vote(customer, idea)

    assert result.changed and result.vote_count == 0


def test_product_managers_see_captured_votes_with_the_customers_words(admin_client, board, agent, customer):
    idea = IdeaFactory()
    services.record(agent, customer, kind="vote", source="meeting", idea=idea, quote="Our auditors need it.")

    sheet = admin_client.get(reverse("triage_idea", args=[idea.pk])).content.decode()

    assert "by Anna Support · Meeting" in sheet
    assert "Our auditors need it." in sheet


def test_a_new_customer_is_added_from_an_email_address_with_their_idea(client, board, agent):
    client.force_login(agent)

    response = client.post(
        reverse("capture_feedback"),
        record_form(
            customer="dora@newco.example",
            create="on",
            kind="idea",
            title="Single sign-on with Okta",
            body="All our people use Okta.",
            source="chat",
        ),  # fmt: skip
    )

    assert response.status_code == 302
    dora = User.objects.get(email="dora@newco.example")
    idea = Idea.objects.get(author=dora)
    assert idea.title == "Single sign-on with Okta" and idea.is_published
    assert Vote.objects.filter(idea=idea, member=dora).exists()  # the author's vote, as for their own ideas


def test_a_name_matching_several_customers_asks_which(client, board, agent, customer):
    MemberFactory(display_name="Carl Other", email="carl@other.example")
    idea = IdeaFactory()
    client.force_login(agent)

    asked = client.post(reverse("capture_feedback"), record_form(customer="Carl", idea=str(idea.pk)))

    assert asked.status_code == 422
    assert "Several customers match: choose one." in asked.content.decode()
    assert "carl@customer.example" in asked.content.decode()
    chosen = client.post(
        reverse("capture_feedback"), record_form(customer="Carl", idea=str(idea.pk), which=str(customer.pk))
    )
    assert chosen.status_code == 302
    assert Vote.objects.filter(idea=idea, member=customer).exists()


def test_a_comment_in_the_customers_name(board, agent, customer):
    idea = IdeaFactory()
    services.record(agent, customer, kind="comment", source="ticket", idea=idea, body="It breaks our month-end close.")

    comment = Comment.objects.get(idea=idea)
    assert comment.author == customer and comment.is_published


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"source": "pigeon"}, "Select a valid choice"),
        ({"link": "javascript:alert(1)"}, "Give the address of the ticket"),
        ({"idea": ""}, "Choose the idea."),
        ({"idea": "999999"}, "There is no idea 999999."),
        ({"customer": "nobody@nowhere.example"}, "No customer has this email address or CRM id."),
        ({"customer": "not-an-address", "create": "on"}, "Give the customer&#x27;s email address to add them."),
    ],
)
def test_bad_input_is_answered_on_the_form_and_nothing_is_recorded(client, board, agent, customer, given, message):
    idea = IdeaFactory()
    client.force_login(agent)
    data = record_form(idea=str(idea.pk))
    data.update(given)

    response = client.post(reverse("capture_feedback"), data)

    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Capture.objects.exists()
    assert not Vote.objects.exists()


def test_a_second_capture_of_the_same_vote_is_refused(board, agent, customer):
    idea = IdeaFactory()
    services.record(agent, customer, kind="vote", source="call", idea=idea)
    with pytest.raises(InvalidInput) as refused:
        services.record(agent, customer, kind="vote", source="call", idea=idea)
    assert refused.value.texts() == ["Carl Customer already voted for this idea."]
    assert Capture.objects.count() == 1


def test_a_customer_who_deleted_their_account_is_neither_found_nor_made_again(board, agent, customer):
    idea = IdeaFactory()
    privacy.delete_account(customer, by=customer, confirm_email=customer.email, remove_content=False)

    for lookup in ({"email": "carl@customer.example"}, {"external_id": "CRM-42"}):
        with pytest.raises(InvalidInput) as refused:
            services.customer(**lookup, create=True)
        assert "deleted their account" in refused.value.texts()[0]
    with pytest.raises(Exception, match="closed"):
        services.record(agent, User.objects.get(pk=customer.pk), kind="vote", source="call", idea=idea)
    assert not User.objects.filter(email="carl@customer.example").exists()


def test_members_without_the_permission_cannot_record(client, board, member, customer):
    client.force_login(member)
    assert client.get(reverse("capture_feedback")).status_code in (302, 403)
    with pytest.raises(Exception, match="Only staff"):
        services.record(member, customer, kind="vote", source="call", idea=IdeaFactory())


# --- Through the API, with an integration key --------------------------------------------


def call(key, body):
    client = Client(enforce_csrf_checks=True)
    return client.post(
        "/api/v1/captures/", data=json.dumps(body), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


def integration_key(owner, *scopes):
    _row, key = keys.create_key(owner, name="CRM", scopes=scopes, by=owner, kind=ApiKey.Kind.INTEGRATION)
    return key


def test_a_crm_records_a_vote_for_a_customer_by_crm_id(board, customer, django_capture_on_commit_callbacks):
    owner = StaffFactory(display_name="Sales Bot Owner")
    idea = IdeaFactory()
    key = integration_key(owner, "capture")

    with django_capture_on_commit_callbacks(execute=True):
        answer = call(key, {"customer": {"external_id": "CRM-42"}, "kind": "vote", "idea_id": idea.pk,
                            "source": "meeting", "quote": "Top of our wish list."})  # fmt: skip

    assert answer.status_code == 201, answer.content
    assert answer.json()["customer_id"] == customer.pk
    assert Vote.objects.filter(idea=idea, member=customer).exists()
    capture = Capture.objects.get()
    assert capture.api_key.name == "CRM"
    assert Notification.objects.filter(recipient=customer, event_key=f"capture:{capture.pk}").exists()
    assert "Vote recorded by Sales Bot Owner (CRM)" in [item.kind for item in profiles.timeline(customer)]


def test_the_api_refuses_a_key_without_the_scope_and_a_deleted_customer(board, customer):
    owner = StaffFactory()
    idea = IdeaFactory()
    body = {"customer": {"email": "carl@customer.example"}, "kind": "vote", "idea_id": idea.pk, "source": "call"}

    missing = call(integration_key(owner, "read"), body)
    assert missing.status_code == 403
    assert missing.json()["code"] == "missing_scope" and missing.json()["scope"] == "capture"

    privacy.delete_account(customer, by=customer, confirm_email=customer.email, remove_content=False)
    gone = call(
        integration_key(owner, "capture"), {**body, "customer": {"email": "carl@customer.example", "create": True}}
    )
    assert gone.status_code == 422
    assert "deleted their account" in gone.json()["errors"]["customer"][0]
    assert not Vote.objects.exists()


def test_only_keys_of_staff_who_may_record_get_the_scope(agent):
    from django.contrib.auth.models import Permission

    plain_staff = StaffFactory(is_superuser=False)
    for staff in (plain_staff, agent):
        staff.user_permissions.add(Permission.objects.get(codename="add_apikey"))
    with pytest.raises(InvalidInput) as refused:
        keys.create_key(plain_staff, name="CRM", scopes=["capture"], by=plain_staff, kind=ApiKey.Kind.INTEGRATION)
    assert "record feedback" in refused.value.texts()[0]
    agent = User.objects.get(pk=agent.pk)  # permissions are cached per instance
    assert integration_key(agent, "capture")
