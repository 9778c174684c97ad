import datetime

import pytest
from django.core.exceptions import ValidationError

from directives.models import (
    DIRECTIVE_DUPLICATE,
    LINK_CYCLE,
    Directive,
    DirectiveLink,
    LinkKind,
)
from directives.services import directive_save
from tests.directives.factories import DirectiveFactory, DirectiveLinkFactory

pytestmark = pytest.mark.django_db


def test_creates_directive_with_links_and_reason(users):
    target = DirectiveFactory(identifier="25-NQ/TW")
    directive = Directive(identifier="43-kl/tw", issued_on=datetime.date(2018, 4, 3))
    link = DirectiveLink(kind=LinkKind.CONTINUES, target=target)
    directive_save(directive=directive, links=[link], user=users["staff"], reason="Nhập mới")
    assert directive.pk and directive.identifier == "43-KL/TW"
    assert link.source == directive and link.pk
    record = directive.history.get()
    assert (record.history_change_reason, record.history_user) == ("Nhập mới", users["staff"])
    assert link.history.get().history_change_reason == "Nhập mới"


def test_duplicate_rolls_back(users):
    DirectiveFactory(identifier="25-NQ/TW", issued_on=datetime.date(2013, 6, 3))
    directive = Directive(identifier="25/NQ-TW", issued_on=datetime.date(2013, 6, 3))
    with pytest.raises(ValidationError) as error:
        directive_save(directive=directive, user=users["staff"])
    assert str(DIRECTIVE_DUPLICATE) in error.value.messages
    assert Directive.objects.count() == 1


def test_cycle_rolls_back_the_directive_too(users):
    nq25 = DirectiveFactory(identifier="25-NQ/TW", title="Cũ")
    kl43 = DirectiveFactory(identifier="43-KL/TW")
    DirectiveLinkFactory(source=kl43, target=nq25, kind=LinkKind.CONTINUES)
    nq25.title = "Mới"
    with pytest.raises(ValidationError) as error:
        directive_save(
            directive=nq25,
            links=[DirectiveLink(kind=LinkKind.AMENDS, target=kl43)],
            user=users["staff"],
        )
    expected = str(LINK_CYCLE) % {"source": "25-NQ/TW", "target": "43-KL/TW"}
    assert any(expected in message for message in error.value.messages)
    nq25.refresh_from_db()
    assert nq25.title == "Cũ"
    assert DirectiveLink.objects.count() == 1
    assert nq25.history.count() == 1


def test_removes_links(users):
    nq25, kl43 = DirectiveFactory(), DirectiveFactory()
    link = DirectiveLinkFactory(source=kl43, target=nq25)
    link_pk = link.pk
    directive_save(directive=kl43, removed_links=[link], user=users["staff"], reason="Sai")
    assert not DirectiveLink.objects.exists()
    deletion = DirectiveLink.history.filter(id=link_pk).latest("history_date")
    assert (deletion.history_type, deletion.history_change_reason) == ("-", "Sai")
