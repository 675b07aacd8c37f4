"""The local mail outbox: on a laptop, every e-mail lands in a folder and on /dev/outbox/."""

import pytest
from django.core import mail
from django.urls import reverse


@pytest.fixture
def outbox(db, settings, tmp_path):
    settings.EMAIL_BACKEND = "terreau.outbox.OutboxEmailBackend"
    settings.OUTBOX_DIR = tmp_path / "outbox"
    settings.OUTBOX_PAGE_ENABLED = True
    return settings.OUTBOX_DIR


def _send_welcome(to="lea.marty@example.org"):
    message = mail.EmailMultiAlternatives(
        subject="Bienvenue dans la communauté Biodiversité",
        body="Bonjour Léa,\nvous êtes dans le cercle des citoyens.\nhttps://terreau.example.org/",
        to=[to],
    )
    message.attach_alternative(
        "<p>Bonjour Léa, <strong>bienvenue</strong>.</p><script>alert('x')</script>", "text/html"
    )
    message.send()


def _only_file(outbox):
    files = list(outbox.glob("*.eml"))
    assert len(files) == 1
    return files[0]


def test_each_message_is_written_as_one_eml_file(outbox):
    # When two e-mails are sent
    _send_welcome()
    mail.send_mail("Rappel : rencontre annuelle", "À samedi !", None, ["nadia@example.org"])

    # Then the outbox folder holds two files any mail client opens
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == 2
    contents = b"".join(f.read_bytes() for f in files)
    assert b"To: lea.marty@example.org" in contents
    assert b"To: nadia@example.org" in contents


def test_the_outbox_page_lists_subject_and_recipient(client, outbox):
    _send_welcome()

    response = client.get(reverse("outbox"))

    assert response.status_code == 200
    page = response.content.decode()
    # The subject is shown decoded, accents included
    assert "Bienvenue dans la communauté Biodiversité" in page
    assert "lea.marty@example.org" in page
    assert reverse("outbox_detail", args=[_only_file(outbox).name]) in page


def test_the_outbox_page_says_when_there_is_no_mail_yet(client, outbox):
    response = client.get(reverse("outbox"))

    assert response.status_code == 200
    assert response.context["messages_sent"] == []


def test_the_detail_page_shows_headers_text_and_a_sandboxed_html_frame(client, outbox):
    _send_welcome()
    name = _only_file(outbox).name

    response = client.get(reverse("outbox_detail", args=[name]))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Subject" in page and "Bienvenue dans la communauté Biodiversité" in page
    assert "vous êtes dans le cercle des citoyens." in page
    assert f'sandbox src="{reverse("outbox_html", args=[name])}"' in page


def test_the_html_part_is_served_sandboxed_and_frameable_by_the_outbox_only(client, outbox):
    _send_welcome()
    name = _only_file(outbox).name

    response = client.get(reverse("outbox_html", args=[name]))

    assert response.status_code == 200
    assert b"<strong>bienvenue</strong>" in response.content
    # The mail's own scripts never run, and only our detail page may frame it
    policy = response["Content-Security-Policy"]
    assert policy.startswith("sandbox")
    assert "default-src 'none'" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_the_outbox_is_not_found_when_the_page_is_disabled(client, outbox, settings):
    _send_welcome()
    name = _only_file(outbox).name
    settings.OUTBOX_PAGE_ENABLED = False

    for url in (
        reverse("outbox"),
        reverse("outbox_detail", args=[name]),
        reverse("outbox_html", args=[name]),
    ):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize(
    "name",
    [
        "..%2F..%2Fterreau%2Fsettings%2Fbase.py",
        "..%2Fsecret.eml",
        "%2Fetc%2Fpasswd",
        "..",
        "base.py",
        "missing.eml",
    ],
)
def test_a_name_outside_the_outbox_is_not_found(client, outbox, name):
    # Given a real file just outside the outbox
    outbox.mkdir(parents=True, exist_ok=True)
    (outbox.parent / "secret.eml").write_text("Subject: not yours\n\nthe-private-body")

    # When someone asks for a crafted name
    for suffix in ("", "/html"):
        response = client.get(f"/dev/outbox/{name}{suffix}")

        # Then nothing outside the folder is read
        assert response.status_code == 404
        assert b"the-private-body" not in response.content
        assert b"not yours" not in response.content
