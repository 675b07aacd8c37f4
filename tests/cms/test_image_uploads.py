"""A damaged image in the CMS image library is a clear message, never a server error."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.images.models import Image

from tests.factories import UserFactory


def _image(kind: str) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 64), "green").save(buffer, kind)
    return buffer.getvalue()


DAMAGED = {
    "truncated.gif": _image("GIF")[:40],
    "truncated.png": _image("PNG")[:60],
    "truncated.jpg": _image("JPEG")[:120],
    "garbage.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
}


@pytest.fixture
def editor_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("name", DAMAGED)
def test_a_damaged_image_is_refused_with_a_message(editor_client, name):
    upload = SimpleUploadedFile(name, DAMAGED[name], content_type="image/*")

    response = editor_client.post("/cms/images/add/", {"title": "Affiche", "file": upload})

    assert response.status_code == 200
    assert "n’est pas une image lisible" in response.content.decode()
    assert Image.objects.count() == 0


def test_the_multiple_upload_says_it_too(editor_client):
    upload = SimpleUploadedFile("truncated.gif", DAMAGED["truncated.gif"], content_type="image/gif")

    response = editor_client.post(
        "/cms/images/multiple/add/", {"files[]": upload}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    )

    assert response.status_code == 200
    assert response.json()["success"] is False
    assert "n’est pas une image lisible" in response.json()["error_message"]
    assert Image.objects.count() == 0


def test_a_sound_image_is_still_accepted(editor_client):
    upload = SimpleUploadedFile("fine.gif", _image("GIF"), content_type="image/gif")

    response = editor_client.post("/cms/images/add/", {"title": "Affiche", "file": upload})

    assert response.status_code == 302
    assert Image.objects.get().title == "Affiche"
