# Staff notes and answer templates came from the ideas app with their tables (the
# models name them). Their content types move along, so that the permissions staff
# groups hold on them keep working.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model('contenttypes', 'ContentType')
    for model in ('answertemplate', 'staffnote'):
        if not ContentType.objects.filter(app_label='triage', model=model).exists():
            ContentType.objects.filter(app_label='ideas', model=model).update(app_label='triage')


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('ideas', '0012_triage_models_leave'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[
                migrations.CreateModel(
                    name='AnswerTemplate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(max_length=80, unique=True, verbose_name='name')),
                        ('body', models.TextField(help_text='Markdown.', max_length=5000, verbose_name='answer')),
                        ('body_de', models.TextField(help_text='Markdown.', max_length=5000, verbose_name='answer in German')),
                    ],
                    options={
                        'verbose_name': 'answer template',
                        'verbose_name_plural': 'answer templates',
                        'db_table': 'ideas_answertemplate',
                        'ordering': ['name'],
                    },
                ),
                migrations.CreateModel(
                    name='StaffNote',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(help_text='Markdown. Only staff read it.', max_length=5000, verbose_name='note')),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('idea', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='staff_notes', to='ideas.idea')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='triage.staffnote')),
                    ],
                    options={
                        'verbose_name': 'staff note',
                        'verbose_name_plural': 'staff notes',
                        'db_table': 'ideas_staffnote',
                        'ordering': ['created_at', 'pk'],
                    },
                ),
        ]),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
