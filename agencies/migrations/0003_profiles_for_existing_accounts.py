"""Every existing account gets an (empty) profile, so ``user.profile`` exists for all of them;
logins, passwords and groups are untouched (the demo accounts keep working, and
``create_demo_accounts`` fills in their agencies)."""

from django.conf import settings
from django.db import migrations


def create_profiles(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    UserProfile = apps.get_model("agencies", "UserProfile")
    db = schema_editor.connection.alias
    missing = User.objects.using(db).filter(profile__isnull=True).values_list("pk", flat=True)
    UserProfile.objects.using(db).bulk_create(
        [UserProfile(user_id=pk) for pk in missing], batch_size=500
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_user_profile"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(create_profiles, migrations.RunPython.noop)]
