from django.db import migrations

from qinshang.appeals.categories import INITIAL_CATEGORIES


def add_categories(apps, schema_editor):
    category = apps.get_model("appeals", "Category")
    for order, (code, hans, hant, english) in enumerate(INITIAL_CATEGORIES, start=1):
        category.objects.get_or_create(code=code, defaults={
            "name_zh_hans": hans, "name_zh_hant": hant, "name_en": english,
            "order": order * 10})


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]
    operations = [migrations.RunPython(add_categories, migrations.RunPython.noop)]
