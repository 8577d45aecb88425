"""The referrer's and provider's home read indexed columns instead of whole histories (issue #13).

`other_side_moved_at` is filled in from the history already recorded: the latest move made by
anyone but the referrer.
"""

from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def fill_other_side_moved_at(apps, schema_editor):
    Referral = apps.get_model("referrals", "Referral")
    ReferralTransition = apps.get_model("referrals", "ReferralTransition")
    latest = (
        ReferralTransition.objects.filter(referral_id=OuterRef("pk"))
        .exclude(side="referrer")
        .values("referral_id")
        .annotate(at=Max("at"))
        .values("at")
    )
    Referral.objects.update(other_side_moved_at=Subquery(latest))


class Migration(migrations.Migration):
    dependencies = [
        ("referrals", "0007_consent_fields_carry_their_rules"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="other_side_moved_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(fill_other_side_moved_at, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(fields=["created_by", "state", "due_by"], name="referral_creator_state_idx"),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["created_by", "other_side_moved_at"], name="referral_creator_moved_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["receiving_organisation", "state", "updated_at"], name="referral_receiver_closed_idx"
            ),
        ),
    ]
