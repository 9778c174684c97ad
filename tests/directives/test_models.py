import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.identifiers import IDENTIFIER_UNPARSEABLE
from directives.models import (
    DIRECTIVE_DUPLICATE,
    LINK_CYCLE,
    LINK_INVERSE_LABELS,
    LINK_TO_ITSELF,
    Directive,
    DirectiveLink,
    LinkKind,
)
from tests.directives.factories import DirectiveFactory, DirectiveLinkFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def test_identifier_is_stored_canonically_with_its_parts():
    directive = DirectiveFactory(identifier="Số: 122- CTr/ÐUB", issued_on=D(2013, 9, 12))
    directive.refresh_from_db()
    assert directive.identifier == "122-CTr/ĐUB"
    assert directive.identifier_key == "122-ctr/dub"
    assert (directive.number, directive.type_code, directive.issuer_code) == (122, "CTr", "ĐUB")
    assert directive.type_name == "Chương trình"


def test_unparseable_identifier_is_refused_with_a_clear_message():
    directive = Directive(identifier="Nghị quyết hai lăm", issued_on=D(2013, 6, 3))
    with pytest.raises(ValidationError) as error:
        directive.full_clean()
    message = error.value.message_dict["identifier"][0]
    assert message == str(IDENTIFIER_UNPARSEABLE) % {"value": "Nghị quyết hai lăm"}
    with pytest.raises(ValidationError):
        directive.save()
    assert not Directive.objects.exists()


def test_same_identifier_on_another_date_is_another_directive():
    DirectiveFactory(identifier="45-CT/TW", issued_on=D(2015, 5, 19))
    DirectiveFactory(identifier="45-CT/TW", issued_on=D(2025, 4, 14))
    assert Directive.objects.by_identifier("45-ct/tw").count() == 2


def test_same_identifier_and_date_is_refused_in_any_spelling():
    DirectiveFactory(identifier="25-NQ/TW", issued_on=D(2013, 6, 3))
    duplicate = Directive(identifier="25/NQ-TW", issued_on=D(2013, 6, 3))
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert str(DIRECTIVE_DUPLICATE) in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_two_undated_directives_with_one_identifier_are_refused():
    DirectiveFactory(identifier="43-KL/TW", issued_on=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        DirectiveFactory(identifier="43-KL/TW", issued_on=None)


def test_by_identifier_finds_every_variant():
    nq25 = DirectiveFactory(identifier="25-NQ/TW", issued_on=D(2013, 6, 3))
    for variant in ["25-NQ/TW", "25/NQ-TW", "số 25-nq/tw", "25 NQ/TW"]:
        assert list(Directive.objects.by_identifier(variant)) == [nq25]
    assert not Directive.objects.by_identifier("nghị quyết").exists()


def test_link_to_itself_is_refused():
    nq25 = DirectiveFactory()
    link = DirectiveLink(source=nq25, target=nq25, kind=LinkKind.CONTINUES)
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert str(LINK_TO_ITSELF) in str(error.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        link.save()


def test_link_closing_a_cycle_is_refused():
    nq25, kl43, plan = DirectiveFactory(), DirectiveFactory(), DirectiveFactory()
    DirectiveLinkFactory(source=kl43, target=nq25, kind=LinkKind.CONTINUES)
    DirectiveLinkFactory(source=plan, target=kl43, kind=LinkKind.IMPLEMENTS)
    closing = DirectiveLink(source=nq25, target=plan, kind=LinkKind.REPLACES)
    with pytest.raises(ValidationError) as error:
        closing.full_clean()
    assert error.value.message_dict["target"] == [
        str(LINK_CYCLE) % {"source": nq25.identifier, "target": plan.identifier}
    ]


def test_links_read_from_both_ends():
    nq25, kl43 = DirectiveFactory(identifier="25-NQ/TW"), DirectiveFactory(identifier="43-KL/TW")
    link = DirectiveLinkFactory(source=kl43, target=nq25, kind=LinkKind.CONTINUES)
    assert list(kl43.outgoing_links.all()) == [link]
    assert list(nq25.incoming_links.all()) == [link]
    assert link.inverse_label == LINK_INVERSE_LABELS[LinkKind.CONTINUES]
    assert set(DirectiveLink.objects.touching(nq25)) == {link}
