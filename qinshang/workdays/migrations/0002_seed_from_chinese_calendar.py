from django.db import migrations


def seed(apps, schema_editor):
    # The mapping from the package to rows lives in services; the migration passes its own
    # historical models so the seed does not depend on today's model classes.
    from qinshang.workdays.services import package_years, package_years_write

    package_years_write(package_years(),
                        calendar_year_model=apps.get_model("workdays", "CalendarYear"),
                        special_day_model=apps.get_model("workdays", "SpecialDay"))


def unseed(apps, schema_editor):
    apps.get_model("workdays", "SpecialDay").objects.all().delete()
    apps.get_model("workdays", "CalendarYear").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("workdays", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
