from django.db import migrations

from qinshang.questionnaires.initial import form_templates_add_initial


def add_forms(apps, schema_editor):
    form_templates_add_initial(apps.get_model("questionnaires", "FormTemplate"),
                               apps.get_model("questionnaires", "Question"))


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]
    operations = [migrations.RunPython(add_forms, migrations.RunPython.noop)]
