import pytest
from django.core import mail

from community import emails as services
from community import tasks
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_it_welcomes_a_member_once_however_often_the_task_runs(mailoutbox):
    member = MemberFactory(display_name="Grace")

    results = [tasks.send_welcome_email.delay(member.pk).get() for _ in range(3)]

    assert results == [True, False, False]
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [member.email]
    assert message.subject == "Welcome to the community, Grace"
    assert "Your email address is verified" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_it_speaks_the_members_language(mailoutbox):
    member = MemberFactory(display_name="Greta")

    services.send_welcome_email(member.pk, language="de")

    assert mailoutbox[0].subject == "Willkommen in der Community, Greta"
    assert "Deine E-Mail-Adresse ist bestätigt" in mailoutbox[0].body
    assert '<html lang="de">' in mailoutbox[0].alternatives[0][0]


def test_a_failed_send_gives_the_claim_back_for_the_retry(mailoutbox, monkeypatch):
    member = MemberFactory()

    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", broken_send)
    with pytest.raises(ConnectionRefusedError):
        services.send_welcome_email(member.pk)
    member.refresh_from_db()
    assert member.welcome_email_sent_at is None

    monkeypatch.undo()
    assert services.send_welcome_email(member.pk) is True
    assert len(mailoutbox) == 1
