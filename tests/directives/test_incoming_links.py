"""Links between directives are edited from both ends (issue 16): the directive form shows the
links from other directives too, and adding, changing or removing one there writes the same
DirectiveLink row the other directive's form edits."""

from django.urls import reverse

from directives.models import DirectiveLink, LinkKind
from tests.directives.factories import DirectiveFactory, DirectiveLinkFactory
from tests.directives.test_views import form_data


def test_the_form_shows_the_links_from_other_directives(staff_client, db):
    target = DirectiveFactory()
    source = DirectiveFactory(title="Kết luận tiếp tục thực hiện")
    DirectiveLinkFactory(source=source, target=target, kind=LinkKind.CONTINUES)
    page = form_data(target)
    assert page.value("incoming-0-source") == str(source.pk)
    assert page.value("incoming-0-kind") == LinkKind.CONTINUES
    content = staff_client.get(reverse("directives:directive_update", args=[target.pk]))
    assert 'data-testid="incoming-formset"' in content.content.decode()


def test_an_incoming_link_is_added_changed_and_removed_from_the_target(staff_client, db):
    target, source = DirectiveFactory(), DirectiveFactory()
    url = reverse("directives:directive_update", args=[target.pk])

    page = form_data(target)
    index = page.add_row("incoming", {"source": source.pk, "kind": LinkKind.IMPLEMENTS})
    assert staff_client.post(url, page).status_code == 302
    link = DirectiveLink.objects.get()
    assert (link.source, link.target, link.kind) == (source, target, LinkKind.IMPLEMENTS)

    page = form_data(target)
    page.set("incoming-0-kind", LinkKind.AMENDS)
    assert staff_client.post(url, page).status_code == 302
    link.refresh_from_db()
    assert link.kind == LinkKind.AMENDS

    page = form_data(target)
    page.set(f"incoming-{index}-DELETE", "on")
    assert staff_client.post(url, page).status_code == 302
    assert not DirectiveLink.objects.exists()


def test_an_incoming_link_that_closes_a_cycle_is_refused(staff_client, db):
    first, second = DirectiveFactory(), DirectiveFactory()
    DirectiveLinkFactory(source=first, target=second, kind=LinkKind.REPLACES)
    page = form_data(first)
    page.add_row("incoming", {"source": second.pk, "kind": LinkKind.REPLACES})
    response = staff_client.post(reverse("directives:directive_update", args=[first.pk]), page)
    assert response.status_code == 200
    assert DirectiveLink.objects.count() == 1
