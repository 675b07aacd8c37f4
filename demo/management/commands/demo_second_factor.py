from django.core.management.base import BaseCommand

from accounts.models import User
from demo import second_factor as demo


class Command(BaseCommand):
    help = (
        "Give the demo accounts whose role requires a second factor (admin, cultivator, "
        "gardeners) the demo's published authenticator secret, then print the code to type "
        "now. Safe to run again: it prints a fresh code."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--domain", default=demo.DEMO_DOMAIN,
            help="the demo accounts' e-mail domain (default: %(default)s)",
        )

    def handle(self, *args, domain, **options):
        users = User.objects.filter(email__iendswith="@" + domain).order_by("email")
        given = demo.second_factor_seed(users=users)
        out = self.stdout
        if given:
            out.write(self.style.SUCCESS(
                f"Second factor set up for {len(given)} demo account(s) of @{domain}."
            ))
        out.write(f"Demo authenticator secret: {demo.DEMO_TOTP_SECRET}")
        out.write(f"  (or add {demo.otpauth_url()} to an authenticator app)")
        out.write(f"Code to type now: {demo.current_code()}")
        out.write("  (valid for about a minute; run this command again for a new one)")
