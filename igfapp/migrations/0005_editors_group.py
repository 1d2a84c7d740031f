"""The "Editors" group: may edit the content, may not touch users, groups or login records.

Editors can add, change and view every content model. They can delete only what the parent's
history can bring back (an article's sections, a factor's mechanism links) and their own pending
drafts; deleting whole items stays with superusers.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Editors"
CONTENT_MODELS = [
    "article",
    "section",
    "reference",
    "glossaryterm",
    "mechanism",
    "lifestylefactor",
    "factormechanism",
    "evidencenote",
    "pendingchange",
]
DELETABLE = ["section", "factormechanism", "pendingchange"]


def wanted_codenames() -> list[str]:
    codenames = []
    for model in CONTENT_MODELS:
        codenames += [f"add_{model}", f"change_{model}", f"view_{model}"]
        if model in DELETABLE:
            codenames.append(f"delete_{model}")
    return codenames


def create_editors(apps, schema_editor):
    # Permissions are normally created after all migrations ran; a fresh database needs them now.
    app_config = apps.get_app_config("igfapp")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    permissions = Permission.objects.filter(content_type__app_label="igfapp", codename__in=wanted_codenames())
    editors.permissions.set(permissions)


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("igfapp", "0004_pending_change"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_editors, remove_editors)]
