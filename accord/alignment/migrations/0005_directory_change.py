"""The directory's change token. Its triggers are created after every migrate, by
accord/alignment/triggers.py (post_migrate), as SQLite drops them when it rebuilds a table."""

from django.db import migrations, models

from accord.alignment.triggers import drop


class Migration(migrations.Migration):
    dependencies = [
        ("alignment", "0004_discovery_change_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="DirectoryChange",
            fields=[
                (
                    "id",
                    models.PositiveSmallIntegerField(default=1, primary_key=True, serialize=False),
                ),
                ("token", models.BigIntegerField()),
            ],
        ),
        # Forwards the triggers come after migrate (post_migrate); backwards they go here.
        migrations.RunPython(migrations.RunPython.noop, drop),
    ]
