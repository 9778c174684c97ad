import factory

from agencies.models import Agency, AgencyKind, AgencyName, Official, Position


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Cơ quan số {n}")
    short_name = factory.Sequence(lambda n: f"CQ{n}")
    kind = AgencyKind.STATE_BODY


class AgencyNameFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgencyName

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Tên cũ số {n}")


class OfficialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Official

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Cán Bộ {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    official = factory.SubFactory(OfficialFactory)
    agency = factory.SubFactory(AgencyFactory)
    title = "Thứ trưởng"
