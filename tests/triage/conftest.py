import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from community.members.groups import PRODUCT_MANAGERS
from tests.factories import MemberFactory


@pytest.fixture
def manager(db):
    """A product manager: staff in the product managers' group, nothing more."""
    person = MemberFactory(is_staff=True)
    person.groups.add(Group.objects.get(name=PRODUCT_MANAGERS))
    return type(person).objects.get(pk=person.pk)


@pytest.fixture
def manager_client(client, manager):
    """The product manager signed in to the admin, with the second factor it requires."""
    Authenticator.objects.create(user=manager, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client.force_login(manager)
    return client
