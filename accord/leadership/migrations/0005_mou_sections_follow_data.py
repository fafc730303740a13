"""MOU sections follow the partnership's data until edited by hand; a version keeps the data it
was sent with (L5).

Sections drafted before this migration may have been edited by hand, which nothing recorded: in
drafts they are marked as edited (their text is kept) and learn their template's text, so that a
steward can let each of them follow the data again.
"""

from django.db import migrations, models


def mark_drafts(apps, schema_editor):
    MouSection = apps.get_model("leadership", "MouSection")
    MouTemplateSection = apps.get_model("leadership", "MouTemplateSection")
    drafts = MouSection.objects.filter(version__status="draft").select_related("version__mou")
    for section in drafts.iterator():
        template_id = section.version.mou.template_id
        source = (
            MouTemplateSection.objects.filter(template_id=template_id, key=section.key)
            .values_list("body", flat=True)
            .first()
        )
        section.source, section.edited = source or "", True
        section.save(update_fields=["source", "edited"])


class Migration(migrations.Migration):

    dependencies = [
        ('leadership', '0004_announcement_delivery_resumable'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalmousection',
            name='edited',
            field=models.BooleanField(default=False, verbose_name='edited by hand'),
        ),
        migrations.AddField(
            model_name='historicalmousection',
            name='edited_data',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='historicalmousection',
            name='source',
            field=models.TextField(blank=True, verbose_name='template text'),
        ),
        migrations.AddField(
            model_name='historicalmouversion',
            name='data',
            field=models.JSONField(blank=True, default=dict, verbose_name='data as sent'),
        ),
        migrations.AddField(
            model_name='mousection',
            name='edited',
            field=models.BooleanField(default=False, verbose_name='edited by hand'),
        ),
        migrations.AddField(
            model_name='mousection',
            name='edited_data',
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddField(
            model_name='mousection',
            name='source',
            field=models.TextField(blank=True, verbose_name='template text'),
        ),
        migrations.AddField(
            model_name='mouversion',
            name='data',
            field=models.JSONField(blank=True, default=dict, verbose_name='data as sent'),
        ),
        migrations.RunPython(mark_drafts, migrations.RunPython.noop),
    ]
