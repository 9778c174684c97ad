import datetime

import factory

from directives.models import Directive, DirectiveLink, LinkKind


class DirectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Directive

    identifier = factory.Sequence(lambda n: f"{n + 1}-NQ/TW")
    issued_on = factory.Sequence(lambda n: datetime.date(2010, 1, 1) + datetime.timedelta(days=n))
    title = factory.Sequence(lambda n: f"Về công tác số {n}")


class DirectiveLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DirectiveLink

    source = factory.SubFactory(DirectiveFactory)
    target = factory.SubFactory(DirectiveFactory)
    kind = LinkKind.CONTINUES
