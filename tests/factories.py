import factory

from assessments.frameworks import DEFAULT_FRAMEWORK
from assessments.models import Framework, Review, ReviewPerson, Role
from peerreview.accounts.models import Organisation, User

TEST_PASSWORD = "correct horse battery staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Council {n}")
    kind = Organisation.Kind.LOCAL_AUTHORITY


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    job_title = "Officer"
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    reference = factory.Sequence(lambda n: f"test-council-{n}")
    host = factory.SubFactory(OrganisationFactory)
    framework = factory.LazyFunction(lambda: Framework.objects.get(key=DEFAULT_FRAMEWORK))


class ReviewPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewPerson

    review = factory.SubFactory(ReviewFactory)
    role = Role.PEER
    name = factory.LazyAttribute(lambda o: o.user.full_name if o.user else "Someone")
    job_title = factory.LazyAttribute(lambda o: o.user.job_title if o.user else "Officer")
    user = None
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "")
