"""The stored search text became spaced (qinshang.text.spaced): write it again for the rows of
the kinds that had a folded text before (enterprises, appeals, policies)."""

from django.db import migrations

from qinshang.search.backfill import backfill


class Migration(migrations.Migration):

    dependencies = [
        ("enterprises", "0004_search_text"),
        ("appeals", "0002_initial_categories"),
        ("campaigns", "0003_search_text"),
        ("liaison", "0002_search_text"),
        ("projects", "0002_search_text"),
        ("policies", "0002_policy_search_text"),
        ("gatherings", "0002_search_text"),
        ("donations", "0002_search_text"),
    ]

    operations = [
        migrations.RunPython(backfill("enterprises", "enterprise",
                                      ("name", "trade_name", "credit_code")),
                             migrations.RunPython.noop),
        migrations.RunPython(backfill("appeals", "appeal", ("title", "description")),
                             migrations.RunPython.noop),
        migrations.RunPython(backfill("policies", "policy",
                                      ("title", "summary", "document_number", "issuer")),
                             migrations.RunPython.noop),
    ]
