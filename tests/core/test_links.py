"""core.links.pk_url: the same links as reverse(), built once per URL name."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from core.links import pk_url

DETAIL_PAGES = [
    "agencies:agency_detail",
    "agencies:official_detail",
    "directives:directive_detail",
    "programs:program_detail",
    "programs:task_detail",
    "programs:reviewmeeting_detail",
    "reports:reportjob_detail",
    "reports:reviewreport_detail",
]


@pytest.mark.parametrize("name", DETAIL_PAGES)
@pytest.mark.parametrize("pk", [1, 7, 42, 1001, 987654321])
def test_the_link_is_the_one_reverse_gives(name, pk):
    assert pk_url(name, pk) == reverse(name, args=[pk])


def test_a_script_prefix_is_kept_apart():
    plain = pk_url("programs:program_detail", 5)
    set_script_prefix("/phoihop/")
    try:
        assert pk_url("programs:program_detail", 5) == "/phoihop" + plain
        assert pk_url("programs:program_detail", 5) == reverse("programs:program_detail", args=[5])
    finally:
        clear_script_prefix()
    assert pk_url("programs:program_detail", 5) == plain


@override_settings(ROOT_URLCONF="tests.core.urls_elsewhere")
def test_a_changed_url_configuration_is_followed():
    assert pk_url("programs:program_detail", 5) == "/elsewhere/programs/5/"


def test_an_unsaved_record_has_no_link():
    with pytest.raises(NoReverseMatch):
        pk_url("programs:program_detail", None)
