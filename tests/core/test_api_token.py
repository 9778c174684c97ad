"""The user's API token page: create, replace, revoke."""

from django.urls import reverse
from rest_framework.authtoken.models import Token


def test_create_replace_and_revoke_a_token(viewer_client, users):
    url = reverse("api_token")
    assert viewer_client.get(url).status_code == 200
    response = viewer_client.post(url, {"action": "create"})
    first = Token.objects.get(user=users["viewer"]).key
    assert first in response.content.decode()
    viewer_client.post(url, {"action": "create"})
    second = Token.objects.get(user=users["viewer"]).key
    assert second != first
    # The key is shown once: the page does not show it again.
    assert second not in viewer_client.get(url).content.decode()
    response = viewer_client.post(url, {"action": "revoke"})
    assert response.status_code == 302
    assert not Token.objects.filter(user=users["viewer"]).exists()


def test_the_user_menu_links_to_the_token_page(viewer_client, db):
    page = viewer_client.get(reverse("home")).content.decode()
    assert reverse("api_token") in page
    assert reverse("api:docs") in page
