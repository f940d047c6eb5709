import factory
from allauth.account.models import EmailAddress

from community.models import User

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


class StaffFactory(MemberFactory):
    is_staff = True
    is_superuser = True
