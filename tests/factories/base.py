import factory

from community.changes import changed


class ContentFactory(factory.django.DjangoModelFactory):
    """Content made as a service makes it: once saved, the change is announced
    (community.changes), so that search and the shared caches hear of it."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            changed(instance)
