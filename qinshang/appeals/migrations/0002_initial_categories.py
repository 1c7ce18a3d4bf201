from django.db import migrations

from qinshang.appeals.categories import categories_add_initial


def add_categories(apps, schema_editor):
    categories_add_initial(apps.get_model("appeals", "Category"))


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
