# Staff notes and answer templates moved to the triage app. Their tables stay where
# they are (triage's models name them); only Django's picture of the models moves.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('ideas', '0011_demand_columns'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='AnswerTemplate'),
                migrations.DeleteModel(name='StaffNote'),
            ],
        ),
    ]
