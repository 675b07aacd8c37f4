from django.core.management.base import BaseCommand

from cms.publishing import publishing_sync


class Command(BaseCommand):
    help = (
        "Give every direction its news section, its editors and approvers groups, their page "
        "permissions and its moderation workflow; bring the cultivator's group up to date. "
        "Run it after creating or renaming a direction. Safe to run again: it only adds."
    )

    def handle(self, *args, **options):
        for publishing in publishing_sync():
            self.stdout.write(
                f"{publishing.direction}: {publishing.editors} / {publishing.approvers} "
                f"→ {publishing.section.url_path}"
            )
        self.stdout.write(self.style.SUCCESS("Direction groups are up to date."))
