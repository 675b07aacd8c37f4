"""The demo's completed process shows a published citizen opinion, its
recommendations linked to proposals and answered (demo/opinion.py); safe
to run twice."""

import pytest
from django.urls import reverse

from demo import communities as demo_communities
from demo import opinion as demo_opinion
from demo import processes as demo_processes
from processes import opinion_selectors
from processes.models import Process

pytestmark = pytest.mark.django_db


def test_the_completed_process_shows_its_published_and_answered_opinion(settings, tmp_path,
                                                                       client, in_english):
    settings.PROCESSES_PRIVATE_ROOT = tmp_path
    demo_communities.seed()
    demo_processes.seed()
    assert demo_opinion.seed() == {"opinions": 1}
    assert demo_opinion.seed() == {"opinions": 0}

    done = Process.objects.get(title__startswith="Îlots")
    opinion = opinion_selectors.opinion_or_none(done)
    assert opinion.is_published and opinion.introduction
    assert len(opinion_selectors.panel_members(opinion)) == 2
    recommendations = opinion_selectors.published_recommendations(opinion)
    assert len(recommendations) == 3
    assert all(r.proposals.all() for r in recommendations)
    counters = opinion_selectors.published_opinion_counters(done)
    assert (counters.owed, counters.answered, counters.overdue) == (3, 3, 0)

    page = client.get(reverse("processes:opinion", args=[done.slug])).content.decode()
    assert "Commencer par les cours les plus chaudes" in page
    assert "Des arbres dans la cour du lycée Bellevue" in page  # a proposal it draws on
    assert "Under study" in page
    timeline = client.get(done.get_absolute_url()).content.decode()
    assert "The citizen opinion is published" in timeline
    pdf = client.get(reverse("processes:opinion_pdf", args=[done.slug]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
