import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_home_requires_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_home_renders_for_viewer(viewer_client):
    response = viewer_client.get(reverse("home"))
    assert response.status_code == 200
