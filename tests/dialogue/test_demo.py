"""The demo's processes (demo/processes.py): one open to contributions, one
completed with answers (one of them late) and commitments; safe to run twice."""

import pytest
from django.utils import timezone

from demo import communities as demo_communities
from demo import processes as demo_processes
from processes import selectors
from processes.models import Phase, Process

pytestmark = pytest.mark.django_db


def test_the_demo_shows_an_open_process_and_a_completed_one(settings, tmp_path):
    settings.PROCESSES_PRIVATE_ROOT = tmp_path
    demo_communities.seed()
    assert demo_processes.seed() == {"processes": 2}
    assert demo_processes.seed() == {"processes": 0}

    open_one = selectors.process_page(Process.objects.get(title__startswith="Haies").slug)
    assert open_one.current.kind == Phase.Kind.CONTRIBUTIONS
    # Two contributions a facilitator entered after the Baraqueville workshop,
    # an event linked to the process, with its 23 participants (issue #17, item 3).
    from_workshop = open_one.proposals.filter(workshop_event__isnull=False)
    assert [p.participants for p in from_workshop] == [23, 23]
    assert {p.workshop_event.title for p in from_workshop} == {"Atelier haies de Baraqueville"}
    assert all(open_one.facilitators.filter(person=p.entered_by).exists() for p in from_workshop)
    workshops = selectors.workshops_of(open_one)
    assert [w.event.ends_at <= timezone.now() for w in workshops] == [True, False]
    # Two of its proposals are on its map, one per category shown.
    markers = selectors.proposals_on_map(open_one)
    assert len(markers) == 2
    assert [m["title"] for m in selectors.proposals_on_map(open_one, category="Tracé")] == [
        "Relier les haies le long du Viaur"]
    assert selectors.answer_counters(open_one).owed == 3  # 6 supports, and 2 workshop ones
    # Its brief and the workshop's minutes, real PDFs, on the timeline.
    assert [d.kind for d in open_one.documents.all()] == ["brief", "minutes"]
    assert all(d.file.open("rb").read(5) == b"%PDF-" for d in open_one.documents.all())

    done = selectors.process_page(Process.objects.get(title__startswith="Îlots").slug)
    assert all(phase.ends_at <= timezone.now() for phase in done.phases.all())
    counters = selectors.answer_counters(done)
    assert (counters.owed, counters.answered, counters.overdue) == (3, 3, 1)
    assert [c.progress for c in selectors.commitments_of(done)] == [100, 40]
