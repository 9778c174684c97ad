import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_refused_page_keeps_the_frame_and_a_way_back(viewer_client):
    response = viewer_client.get(reverse("programs:program_create"))
    assert response.status_code == 403
    assert next(t.name for t in response.templates) == "403.html"
    page = response.content.decode()
    assert 'id="main"' in page
    assert f'href="{reverse("home")}"' in page


def test_missing_page_keeps_the_frame(viewer_client):
    response = viewer_client.get(reverse("programs:program_detail", args=[987654]))
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]


def test_favicon_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")
