"""People: an account with a verified primary address, as allauth expects."""

import factory
from django.contrib.auth import get_user_model


class UserFactory(factory.django.DjangoModelFactory):
    """Found by e-mail when it exists (get or create), so a second run adds no one.

    The demo passes an already hashed password with
    `factory.Transformer.Force(hashed)`: hashing is deliberately slow, and the
    demo's shared password is hashed once for every account.
    """

    class Meta:
        model = get_user_model()
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name", locale="fr_FR")
    password = factory.django.Password("password")
    preferred_language = "fr"

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        """Give the user a verified primary address, as allauth expects."""
        if not create or extracted is False:
            return
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=obj, email=obj.email, defaults={"verified": True, "primary": True}
        )
