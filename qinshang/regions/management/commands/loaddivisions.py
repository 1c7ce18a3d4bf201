from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from qinshang.regions.services import BUNDLED_DIRECTORY, BUNDLED_REVISION, divisions_load


class Command(BaseCommand):
    help = "Load or reload the division list (GB/T 2260); retired codes are kept."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=BUNDLED_DIRECTORY,
                            help="folder with provinces.csv, cities.csv and areas.csv")
        parser.add_argument("--revision", default=None,
                            help="date of the list, e.g. 2023-10-31 (default: the folder name)")

    def handle(self, *args, dir: Path, revision: str | None, **options):
        missing = [name for name in ("provinces.csv", "cities.csv", "areas.csv")
                   if not (dir / name).is_file()]
        if missing:
            raise CommandError(f"{dir} lacks {', '.join(missing)}")
        revision = revision or (dir.name if dir != BUNDLED_DIRECTORY else BUNDLED_REVISION)
        try:
            report = divisions_load(directory=dir, revision=revision)
        except (KeyError, ValueError) as error:
            raise CommandError(f"cannot read the division list in {dir}: {error}") from error
        self.stdout.write(
            f"divisions {report.revision}: {report.added} added, {report.renamed} renamed, "
            f"{report.retired} retired, {report.total_current} current")
