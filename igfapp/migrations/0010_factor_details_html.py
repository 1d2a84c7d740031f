# The factor table's expanded-row details, stored as HTML at import/save time (issue 15).
# Rows migrated here start empty; the table renders a row live until its details are stored (the
# next import or admin save, see factor_details.render_stored_details).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("igfapp", "0009_pending_change_draft_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="lifestylefactor",
            name="details_html",
            field=models.TextField(default="", editable=False),
        ),
        migrations.AddField(
            model_name="lifestylefactor",
            name="embedded_details_html",
            field=models.TextField(default="", editable=False),
        ),
    ]
