"""The demo's processes (demo/processes.py): one open to contributions, one
completed with answers (one of them late) and commitments; safe to run twice."""

import pytest
from django.utils import timezone

from demo import communities as demo_communities
from demo import processes as demo_processes
from processes import selectors
from processes.models import Phase, Process

pytestmark = pytest.mark.django_db


def test_the_demo_shows_an_open_process_and_a_completed_one():
    demo_communities.seed()
    assert demo_processes.seed() == {"processes": 2}
    assert demo_processes.seed() == {"processes": 0}

    open_one = selectors.process_page(Process.objects.get(title__startswith="Haies").slug)
    assert open_one.current.kind == Phase.Kind.CONTRIBUTIONS
    assert open_one.proposals.filter(source_label__startswith="Atelier").count() == 2
    assert selectors.answer_counters(open_one).owed == 3  # 6 supports, and 2 workshop ones

    done = selectors.process_page(Process.objects.get(title__startswith="Îlots").slug)
    assert all(phase.ends_at <= timezone.now() for phase in done.phases.all())
    counters = selectors.answer_counters(done)
    assert (counters.owed, counters.answered, counters.overdue) == (3, 3, 1)
    assert [c.progress for c in selectors.commitments_of(done)] == [100, 40]
