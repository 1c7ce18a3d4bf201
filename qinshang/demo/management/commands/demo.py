"""``qinshang demo``: load the demo data once, then print the logins."""

import time

from django.core.management.base import BaseCommand, CommandError

from qinshang.demo import campaigns, generator


class Command(BaseCommand):
    help = "Load demo offices, staff and enterprises into a fresh database; print the logins."

    def handle(self, *args, **options) -> None:
        if generator.demo_loaded():
            self.stdout.write("Demo data already loaded.")
        else:
            started = time.monotonic()
            try:
                counts = generator.generate()
            except generator.DemoError as error:
                raise CommandError(str(error)) from None
            summary = ", ".join(f"{count} {name}" for name, count in counts.items())
            self.stdout.write(f"Demo data loaded in {time.monotonic() - started:.1f} s: "
                              f"{summary}.")
        self.stdout.write("\n".join(generator.logins_lines()
                                    + campaigns.invitation_lines(generator.URL)))
