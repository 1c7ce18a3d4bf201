"""A campaign's symposium is an event (qinshang.gatherings) of kind symposium: each Symposium row
becomes a Gathering of the same campaign and team, with its enterprises and the appeals raised
at it, and RaisedAppeal.symposium points at the event; then Symposium goes."""

import django.db.models.deletion
from django.db import migrations, models


def _office_for(region_code: str, team, offices: dict):
    """The team's office when the place lies in its division, else the office of the place,
    of its city or of its province (as appeals are owned)."""
    if team is not None:
        code = team.office.region_id
        prefix = code[:2] if code.endswith("0000") else code[:4] if code.endswith("00") else code
        if region_code.startswith(prefix):
            return offices[code]
    for code in (region_code, region_code[:4] + "00", region_code[:2] + "0000"):
        if code in offices:
            return offices[code]
    raise RuntimeError(f"No office serves {region_code}: set one up, then migrate again.")


def symposiums_to_gatherings(apps, schema_editor):
    Symposium = apps.get_model("campaigns", "Symposium")
    RaisedAppeal = apps.get_model("campaigns", "RaisedAppeal")
    Gathering = apps.get_model("gatherings", "Gathering")
    Office = apps.get_model("offices", "Office")
    offices = {office.region_id: office for office in Office.objects.all()}
    for symposium in (Symposium.objects.select_related("team__office", "region")
                      .order_by("pk")):
        gathering = Gathering.objects.create(
            kind="symposium", title=f"{symposium.region.name}台商座谈会",
            held_on=symposium.held_on, place=symposium.place, region_id=symposium.region_id,
            office=_office_for(symposium.region_id, symposium.team, offices),
            campaign_id=symposium.campaign_id, team_id=symposium.team_id,
            attendees=symposium.attendees, summary=symposium.summary,
            recorded_by_id=symposium.recorded_by_id)
        gathering.enterprises.set(symposium.enterprises.all())
        raised = RaisedAppeal.objects.filter(symposium_id=symposium.pk)
        gathering.appeals.set(list(raised.values_list("appeal_id", flat=True)))
        raised.update(gathering=gathering)


class Migration(migrations.Migration):

    dependencies = [
        ("campaigns", "0001_initial"),
        ("gatherings", "0001_initial"),
        ("offices", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="raisedappeal",
            name="gathering",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="gatherings.gathering"),
        ),
        migrations.RunPython(symposiums_to_gatherings, migrations.RunPython.noop),
        migrations.RemoveField(model_name="raisedappeal", name="symposium"),
        migrations.RenameField(model_name="raisedappeal", old_name="gathering",
                               new_name="symposium"),
        migrations.AlterField(
            model_name="raisedappeal",
            name="symposium",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="raised_appeals", to="gatherings.gathering"),
        ),
        migrations.DeleteModel(name="Symposium"),
    ]
