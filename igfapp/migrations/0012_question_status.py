from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("igfapp", "0011_questions_and_plain_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="question",
            name="status",
            field=models.CharField(
                choices=[("draft", "Draft"), ("published", "Published")], default="published", max_length=10
            ),
        ),
    ]
