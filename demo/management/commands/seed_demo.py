from django.core.management.base import BaseCommand

from demo import cms as cms_demo
from demo import calls as calls_demo
from demo import coaching as coaching_demo
from demo import communities as demo
from demo import barometers as barometers_demo
from demo import councils as councils_demo
from demo import directory as directory_demo
from demo import discussions as discussions_demo
from demo import events as events_demo
from demo import needs as needs_demo
from demo import newsletters as newsletters_demo
from demo import opinion as opinion_demo
from demo import processes as processes_demo
from demo import referrals as referrals_demo
from demo import organising as organising_demo
from demo import workgroups as workgroups_demo


class Command(BaseCommand):
    help = (
        "Create a demo region: directions, four communities with their gardener pairs and "
        "members, and one account per role. Safe to run again: it only adds what is missing."
    )

    def handle(self, *args, **options):
        summary = demo.seed()
        out = self.stdout
        if summary.created:
            created = ", ".join(f"{n} {what}" for what, n in summary.created.items())
            out.write(self.style.SUCCESS(f"Created: {created}."))
        else:
            out.write(self.style.SUCCESS("The demo was already there: nothing to add."))
        out.write("")
        out.write(f"{'Community':<24}{'engaged':>9}{'informed':>10}{'citizens':>10}{'pending':>9}")
        for c in summary.communities:
            out.write(
                f"{c['name']:<24}{c['engaged']:>9}{c['informed']:>10}{c['citizens']:>10}"
                f"{c['pending']:>9}"
            )
        out.write("")
        out.write(f"Demo accounts (password: {demo.DEMO_PASSWORD}):")
        for account in demo.DEMO_ACCOUNTS:
            out.write(f"  {account['email']:<40} {account['role']}")
        events_demo.seed(out=out)  # before the CMS: the home page and articles show events
        needs_demo.seed(out=out)
        workgroups_demo.seed(out=out)
        newsletters_demo.seed(out=out)
        discussions_demo.seed(out=out)  # after the groups (their channel) and the letters
        directory_demo.seed(out=out)
        councils_demo.seed(out=out)
        barometers_demo.seed(out=out)  # two closed waves of the residents' barometer
        processes_demo.seed(out=out)  # one process open to contributions, one answered
        opinion_demo.seed(out=out)  # the completed process's citizen opinion, answered
        calls_demo.seed(out=out)  # an open call (a draft, a submission), a past one funded
        organising_demo.seed(out=out)  # topic proposals, external participation links
        coaching_demo.seed(out=out)  # a coaching thread, a need relayed, an elected official
        referrals_demo.seed(out=out)  # a direction answers in the app; a need referred
        cms_demo.seed(out=out)
