import csv
import io
import json
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group

from community.errors import InvalidInput, NotAllowed
from community.members.groups import MODERATORS, PRODUCT_MANAGERS
from community.models import Segment
from ideas import demand, services, shipped
from ideas.errors import InvalidTransition
from ideas.models import Comment, DemandSettings, Idea, ShippedFeedback
from reviews.models import ProductOwnership
from tests.factories import IdeaFactory, MemberFactory, status
from tests.threads import run_at_once
from triage import demand as triage_demand
from triage import services as triage
from triage.models import AnswerTemplate

pytestmark = pytest.mark.django_db


def staff_in(group_name: str):
    person = MemberFactory(is_staff=True)
    person.groups.add(Group.objects.get(name=group_name))
    return type(person).objects.get(pk=person.pk)


@pytest.fixture
def pm():
    return staff_in(PRODUCT_MANAGERS)


@pytest.fixture
def segments():
    return (
        Segment.objects.create(name="Enterprise", weight=Decimal("3")),
        Segment.objects.create(name="Small business", weight=Decimal("1")),
    )


def vote(idea, *voters):
    for voter in voters:
        services.cast_vote(voter, idea)


def test_demand_weighs_votes_by_segment_and_capped_value(segments, product):
    enterprise, small = segments
    DemandSettings.objects.create(value_cap=Decimal("50000"))
    idea = IdeaFactory(product=product)
    big = MemberFactory(segment=enterprise, customer_value=Decimal("1000000"))
    mid = MemberFactory(segment=enterprise, customer_value=Decimal("20000"))
    shop = MemberFactory(segment=small, customer_value=Decimal("500"))
    nobody = MemberFactory()  # no segment, no value: weight 1, value 0
    vote(idea, big, mid, shop, nobody)
    ProductOwnership.objects.create(member=shop, product=product)

    figures = triage_demand.annotate(Idea.objects.filter(pk=idea.pk)).get()

    assert figures.demand_votes == 4
    assert figures.demand_verified == 1
    assert figures.demand_weighted == Decimal("8")  # 3 + 3 + 1 + 1
    assert figures.demand_value == Decimal("70500")  # 50 000 (capped) + 20 000 + 500 + 0

    enterprise_only = triage_demand.annotate(
        Idea.objects.filter(pk=idea.pk), triage_demand.Scope(segment=enterprise)
    ).get()
    assert (enterprise_only.demand_votes, enterprise_only.demand_weighted) == (2, Decimal("6"))
    verified_only = triage_demand.annotate(
        Idea.objects.filter(pk=idea.pk), triage_demand.Scope(verified_only=True)
    ).get()
    assert (verified_only.demand_votes, verified_only.demand_value) == (1, Decimal("500"))


def test_why_it_ranks_here_adds_up_to_the_figures(segments, product):
    enterprise, small = segments
    DemandSettings.objects.create(value_cap=Decimal("50000"))
    idea = IdeaFactory(product=product)
    voters = [
        MemberFactory(segment=enterprise, customer_value=Decimal("90000")),
        MemberFactory(segment=small, customer_value=Decimal("100")),
        MemberFactory(segment=small, customer_value=Decimal("300")),
        MemberFactory(),
    ]
    vote(idea, *voters)

    explained = triage_demand.breakdown(idea)
    figures = triage_demand.annotate(Idea.objects.filter(pk=idea.pk)).get()

    assert [(row.name, row.votes, row.weighted) for row in explained.rows] == [
        ("Enterprise", 1, Decimal("3")),
        ("Small business", 2, Decimal("2")),
        ("No segment", 1, Decimal("1")),
    ]
    enterprise_row = explained.rows[0]
    assert (enterprise_row.value_uncapped, enterprise_row.value, enterprise_row.capped_members) == (
        Decimal("90000"),
        Decimal("50000"),
        1,
    )
    assert (explained.votes, explained.weighted, explained.value) == (
        figures.demand_votes,
        figures.demand_weighted,
        figures.demand_value,
    )


def test_kept_demand_follows_new_weights_values_and_cap(segments, pm, django_capture_on_commit_callbacks):
    from community.members import segments as customer_data

    enterprise, small = segments
    idea = IdeaFactory()
    big, shop = MemberFactory(segment=enterprise, customer_value=Decimal("90000")), MemberFactory()
    vote(idea, big, shop)

    def kept():
        idea.refresh_from_db()
        return idea.weighted_demand, idea.value_demand

    assert kept() == (Decimal("4"), Decimal("50000"))  # 3 + 1; 90 000 capped at the default 50 000
    with django_capture_on_commit_callbacks(execute=True):
        enterprise.weight = Decimal("5")
        enterprise.save()
    assert kept() == (Decimal("6"), Decimal("50000"))
    with django_capture_on_commit_callbacks(execute=True):
        customer_data.set_customer_data(shop, pm, segment=small, customer_value=Decimal("700"), external_id=None)
    assert kept() == (Decimal("6"), Decimal("50700"))
    with django_capture_on_commit_callbacks(execute=True):
        settings = DemandSettings.load()
        settings.value_cap = None
        settings.save()
    assert kept() == (Decimal("6"), Decimal("90700"))
    services.withdraw_vote(big, idea)
    assert kept() == (Decimal("1"), Decimal("700"))
    assert demand.drift(Idea.objects.all()) == []


def test_the_board_filters_by_voter_segment_and_sorts_by_weighted_demand(segments):
    enterprise, small = segments
    wanted_by_many_small = IdeaFactory(title="Many small")
    wanted_by_enterprise = IdeaFactory(title="Enterprise")
    nobody_wants = IdeaFactory(title="Nobody")
    vote(wanted_by_many_small, *MemberFactory.create_batch(4, segment=small))
    vote(wanted_by_enterprise, *MemberFactory.create_batch(2, segment=enterprise))

    by_votes = triage.board(triage.Filters(sort="votes"))
    by_weight = triage.board(triage.Filters(sort="weighted"))
    enterprise_asks = triage.board(triage.Filters(segment=enterprise, sort="votes"))

    assert [idea.title for idea in by_votes] == ["Many small", "Enterprise", "Nobody"]
    assert [idea.title for idea in by_weight] == ["Enterprise", "Many small", "Nobody"]
    assert [(idea.title, idea.demand_votes) for idea in enterprise_asks] == [("Enterprise", 2)]
    assert nobody_wants not in enterprise_asks


def test_the_board_filters_by_status_age_answer_and_owner(pm):
    from datetime import timedelta

    from django.utils import timezone

    old = IdeaFactory(title="Old", created_at=timezone.now() - timedelta(days=200))
    planned = IdeaFactory(title="Planned")
    services.change_status(planned, status("planned"), pm)
    answered = IdeaFactory(title="Answered")
    services.add_comment(pm, answered, "We are looking at it.", official=True)
    triage.assign([answered], pm, owner=pm)
    hidden = IdeaFactory(title="Held", moderation_state="pending")
    merged = IdeaFactory(title="Merged away")
    services.merge_ideas(merged, old, pm)

    def titles(**filters):
        return sorted(idea.title for idea in triage.board(triage.Filters(**filters)))

    assert titles() == ["Answered", "Old", "Planned"]  # neither held nor merged ideas
    assert titles(status=status("planned")) == ["Planned"]
    assert titles(age="old90") == ["Old"]
    assert titles(age="7d") == ["Answered", "Planned"]
    assert titles(official="yes") == ["Answered"]
    assert titles(owner=pm) == ["Answered"]
    assert titles(query=f"#{old.pk}") == ["Old"]
    assert hidden.pk not in [idea.pk for idea in triage.board()]


def test_rice_score_is_computed_and_sorted_with_unscored_ideas_last(pm):
    scored, better, unscored = IdeaFactory(title="Scored"), IdeaFactory(title="Better"), IdeaFactory(title="Unscored")
    triage.set_priority(scored, pm, reach=1000, impact="2", confidence=80, effort="4")
    triage.set_priority(better, pm, reach=5000, impact="1", confidence=100, effort="2")
    triage.set_priority(unscored, pm, reach=10, impact=None, confidence=None, effort=None)

    scored.refresh_from_db()
    assert scored.rice_score == 400.0  # 1000 × 2 × 0.8 ÷ 4
    assert [idea.title for idea in triage.board(triage.Filters(sort="rice"))] == ["Better", "Scored", "Unscored"]
    assert triage.rice_score(None, 1, 100, 1) is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"reach": "-5"}, "reach"),
        ({"reach": "many"}, "reach"),
        ({"impact": "7"}, "impact"),
        ({"impact": "lots"}, "impact"),
        ({"confidence": 42}, "confidence"),
        ({"effort": "0"}, "effort"),
        ({"effort": "x"}, "effort"),
    ],
)
def test_bad_priorities_are_refused_and_keep_what_was_saved(pm, fields, field):
    idea = IdeaFactory()
    triage.set_priority(idea, pm, reach=100, impact="1", confidence=100, effort="1")
    with pytest.raises(InvalidInput) as refused:
        triage.set_priority(idea, pm, **{"reach": 1, "impact": "1", "confidence": 100, "effort": "1", **fields})
    assert field in refused.value.details
    idea.refresh_from_db()
    assert (idea.reach, idea.rice_score) == (100, 100.0)


def test_moderators_and_members_cannot_triage(member):
    moderator = staff_in(MODERATORS)
    idea = IdeaFactory()
    for person in (member, moderator):
        with pytest.raises(NotAllowed):
            triage.set_priority(idea, person, reach=1)
        with pytest.raises(NotAllowed):
            triage.assign([idea], person, owner=None)
        with pytest.raises(NotAllowed):
            triage.add_note(idea, person, "Hm.")
        with pytest.raises(NotAllowed):
            triage.change_status_many([idea], status("planned"), person)


def test_owners_and_evaluators_must_be_staff(pm, member):
    idea = IdeaFactory()
    with pytest.raises(InvalidInput) as refused:
        triage.assign([idea], pm, owner=member, evaluator=member)
    assert set(refused.value.details) == {"owner", "evaluator"}
    assert triage.assign([idea], pm, owner=pm, evaluator=pm) == 1
    idea.refresh_from_db()
    assert (idea.owner, idea.evaluator) == (pm, pm)


def test_bulk_status_change_lists_what_the_workflow_refused(pm):
    fine, shipped = IdeaFactory(title="Fine"), IdeaFactory(title="Shipped")
    services.change_status(shipped, status("shipped"), pm)

    result = triage.change_status_many([fine, shipped], status("declined"), pm, "Not for now.")

    assert result.done == [fine]
    [(refused, reason)] = result.refused
    assert refused == shipped
    assert "It can move to: New, In progress." in reason


def test_a_refused_status_change_lists_the_allowed_ones(pm):
    idea = IdeaFactory()
    services.change_status(idea, status("declined"), pm)
    with pytest.raises(InvalidTransition) as refused:
        services.change_status(idea, status("shipped"), pm)
    assert "It can move to: New, Under review." in str(refused.value.message)


def test_merging_into_itself_or_into_its_own_duplicate_is_refused(pm):
    idea, duplicate = IdeaFactory(), IdeaFactory()
    services.merge_ideas(duplicate, idea, pm)
    with pytest.raises(InvalidTransition):
        services.merge_ideas(idea, idea, pm)
    with pytest.raises(InvalidTransition):
        services.merge_ideas(idea, duplicate, pm)


def test_answer_templates_answer_each_idea_in_its_authors_language(pm):
    english = IdeaFactory(author=MemberFactory(language="en"))
    german = IdeaFactory(author=MemberFactory(language="de"))
    template = AnswerTemplate.objects.create(name="Thanks", body="Thanks, we read it.", body_de="Danke, gelesen.")

    result = triage.answer_many([english, german], template, pm)

    assert len(result.done) == 2
    answers = dict(Comment.objects.filter(is_official=True).values_list("idea_id", "body"))
    assert answers == {english.pk: "Thanks, we read it.", german.pk: "Danke, gelesen."}


def test_staff_notes_thread_one_level_deep(pm):
    idea, other = IdeaFactory(), IdeaFactory()
    first = triage.add_note(idea, pm, "Check with sales.")
    reply = triage.add_note(idea, pm, "Sales says yes.", parent=first)
    nested = triage.add_note(idea, pm, "Great.", parent=reply)

    assert nested.parent == first
    [top] = triage.notes(idea)
    assert [note.body for note in top.thread] == ["Sales says yes.", "Great."]
    with pytest.raises(InvalidInput):
        triage.add_note(other, pm, "Wrong idea.", parent=first)
    with pytest.raises(InvalidInput):
        triage.add_note(idea, pm, "   ")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x.example.com/", "not a url"])
def test_the_external_reference_must_be_a_web_address(pm, url):
    idea = IdeaFactory()
    triage.set_external_url(idea, pm, "https://jira.example.com/T-1")
    with pytest.raises(InvalidInput):
        triage.set_external_url(idea, pm, url)
    idea.refresh_from_db()
    assert idea.external_url == "https://jira.example.com/T-1"


@pytest.fixture
def pm_client(client, pm):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=pm, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(pm)
    return client


def test_the_board_page_and_export_show_the_filtered_list(pm_client, segments, board):
    enterprise, small = segments
    wanted = IdeaFactory(title="=HYPERLINK(evil) SSO")
    vote(wanted, *MemberFactory.create_batch(2, segment=enterprise))
    vote(IdeaFactory(title="Small thing"), MemberFactory(segment=small))

    page = pm_client.get("/admin/triage/", {"segment": enterprise.pk, "sort": "weighted"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "SSO" in html and "Small thing" not in html

    exported = pm_client.get("/admin/triage/export.csv", {"segment": enterprise.pk})
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert [(row["title"], row["votes"], row["weighted_demand"]) for row in rows] == [
        ("'=HYPERLINK(evil) SSO", "2", "6.0")
    ]
    assert rows[0]["url"].endswith(f"/ideas/{wanted.pk}-hyperlinkevil-sso/")

    as_json = json.loads(b"".join(pm_client.get("/admin/triage/export.json").streaming_content))
    assert [idea["title"] for idea in as_json["ideas"]] == ["=HYPERLINK(evil) SSO", "Small thing"]
    assert as_json["ideas"][0]["weighted_demand"] == 6.0
    assert pm_client.get("/admin/triage/export.xml").status_code == 404


def test_the_board_takes_bulk_actions_and_shows_refusals(pm_client, pm):
    first, second = IdeaFactory(), IdeaFactory()
    response = pm_client.post(
        "/admin/triage/",
        {"ideas": [first.pk, second.pk], "action": "status", "to_status": status("planned").pk, "message": "Soon."},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status.slug == "planned"

    missing = pm_client.post("/admin/triage/", {"action": "status", "ideas": [first.pk]})
    assert missing.status_code == 422
    assert "Choose one for this action." in missing.content.decode()
    nothing_ticked = pm_client.post("/admin/triage/", {"action": "owner"})
    assert "Tick the ideas to act on first." in nothing_ticked.content.decode()


def test_the_idea_sheet_saves_priorities_notes_and_status(pm_client, segments, board):
    idea = IdeaFactory()
    vote(idea, MemberFactory(segment=segments[0]))
    url = f"/admin/triage/{idea.pk}/"

    sheet = pm_client.get(url)
    assert sheet.status_code == 200
    assert "Enterprise" in sheet.content.decode()

    saved = pm_client.post(
        url,
        {
            "action": "priority",
            "priority-reach": "200",
            "priority-impact": "2.00",
            "priority-confidence": "50",
            "priority-effort": "1",
        },
    )
    assert saved.status_code == 302
    idea.refresh_from_db()
    assert idea.rice_score == 200.0

    bad = pm_client.post(url, {"action": "priority", "priority-effort": "0"})
    assert bad.status_code == 422
    assert pm_client.post(url, {"action": "note", "note-body": "Ask **sales**."}).status_code == 302
    assert "<strong>sales</strong>" in pm_client.get(url).content.decode()
    refused = pm_client.post(url, {"action": "status", "status-to_status": status("merged").pk})
    assert refused.status_code == 422


def test_moderators_get_no_triage_pages(client, board):
    from allauth.mfa.models import Authenticator

    moderator = staff_in(MODERATORS)
    Authenticator.objects.create(user=moderator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(moderator)
    idea = IdeaFactory()
    # Wagtail answers a refused admin page with a redirect to the dashboard and a message.
    for url in ("/admin/triage/", f"/admin/triage/{idea.pk}/", "/admin/triage/export.csv"):
        response = client.get(url)
        assert (response.status_code, response.url) == (302, "/admin/")
    client.post("/admin/triage/", {"ideas": [idea.pk], "action": "owner", "owner": moderator.pk})
    idea.refresh_from_db()
    assert idea.owner is None
    assert "Triage" not in client.get("/admin/").content.decode()


def test_the_board_query_count_stays_flat_as_ideas_grow(pm_client, django_assert_max_num_queries, segments):
    def grow(count):
        for _ in range(count):
            vote(IdeaFactory(), MemberFactory(segment=segments[0]))

    grow(3)
    with django_assert_max_num_queries(40) as small:
        pm_client.get("/admin/triage/")
    grow(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        pm_client.get("/admin/triage/")


def test_a_tracked_idea_says_so_publicly_without_showing_the_ticket(client, pm, board):
    idea = IdeaFactory(title="Audit log")
    triage.set_external_url(idea, pm, "https://jira.internal.example.com/browse/T-42")

    page = client.get(board.idea_url(idea)).content.decode()
    api = client.get(f"/api/v1/ideas/{idea.pk}/").json()

    assert "Tracked" in page and "jira.internal" not in page
    assert api["tracked"] is True and "jira.internal" not in str(api)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_voter_answering_twice_at_once_keeps_one_answer(board):
    staff = MemberFactory(is_superuser=True, is_staff=True)
    idea, voter = IdeaFactory(), MemberFactory()
    services.cast_vote(voter, idea)
    services.change_status(idea, status("shipped"), staff)

    errors = run_at_once(lambda answer: shipped.answer(voter, idea, answer), ["yes", "no"] * 4)

    assert errors == []
    assert ShippedFeedback.objects.filter(idea=idea, member=voter).count() == 1
