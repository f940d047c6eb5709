import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from community.models import User
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_a_member_changes_their_address_once_the_new_one_is_verified(client, site, mailoutbox):
    member = MemberFactory(email="old@example.org")
    client.force_login(member)

    response = client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "old@example.org"  # unchanged until the new address is verified
    assert mailoutbox[-1].to == ["new@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mailoutbox[-1].body).group(1)

    client.post(link)

    member.refresh_from_db()
    assert member.email == "new@example.org"
    assert EmailAddress.objects.get(user=member, primary=True).email == "new@example.org"
    assert not EmailAddress.objects.filter(email="old@example.org").exists()


def test_a_malformed_or_taken_address_is_refused_with_a_message(client, site):
    member = MemberFactory(email="mine@example.org")
    MemberFactory(email="theirs@example.org")
    client.force_login(member)

    malformed = client.post(reverse("account_email"), {"action_add": "", "email": "not an address"})

    assert malformed.status_code == 200
    assert "Enter a valid email address." in malformed.content.decode()
    client.post(reverse("account_email"), {"action_add": "", "email": "theirs@example.org"})
    # Not revealed as taken, and never the member's: it stays unverified for them.
    assert User.objects.get(pk=member.pk).email == "mine@example.org"
    assert not EmailAddress.objects.filter(user=member, email="theirs@example.org", verified=True).exists()
    assert EmailAddress.objects.get(email="theirs@example.org", verified=True).user.email == "theirs@example.org"
