import factory
from allauth.account.models import EmailAddress

from community.models import ChannelPreference, User

PASSWORD = "a-long-test-password-42"


class MemberFactory(factory.django.DjangoModelFactory):
    """A member with a verified email address, able to sign in with PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)

    @factory.post_generation
    def channels(self, create, extracted, **kwargs):
        """MemberFactory(channels={"idea_status": "email"}): the member's own choices."""
        for topic, channel in (extracted or {}).items():
            ChannelPreference.objects.create(member=self, topic=topic, channel=channel)


class StaffFactory(MemberFactory):
    is_staff = True
    is_superuser = True
