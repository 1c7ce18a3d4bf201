"""Divisions that earlier years' records name (Laiwu until 2019), for databases already loaded;
a fresh load gets them from ``divisions_load``."""

import csv
import datetime
from pathlib import Path

from django.db import migrations

HISTORY_FILE = Path(__file__).resolve().parent.parent / "data" / "history" / "changes.csv"


def apply_history(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    if not Region.objects.exists():
        return
    with HISTORY_FILE.open(encoding="utf-8", newline="") as handle:
        changes = list(csv.DictReader(handle))
    for change in changes:
        until = datetime.date.fromisoformat(change["valid_until"])
        Region.objects.update_or_create(code=change["code"], defaults={
            "name": change["name"], "level": change["level"], "parent_id": change["parent"],
            "mainland": True, "revision": change["valid_until"], "retired": True,
            "valid_until": until, "successor_id": change["successor"]})
        if change["successor_is_new"] == "yes":
            Region.objects.filter(code=change["successor"]).update(valid_from=until)


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_region_valid_from_region_valid_until")]
    operations = [migrations.RunPython(apply_history, migrations.RunPython.noop)]
