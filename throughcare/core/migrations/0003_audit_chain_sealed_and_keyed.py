"""The audit chain is sealed by a job under a keyed MAC, not chained by each writer (ADR 20).

Events already recorded lose their plain SHA-256 hashes and wait to be sealed: the first
`audit_seal` chains them, in id order, under the configured key.
"""

import uuid

from django.db import migrations, models

GENESIS_MAC = "0" * 64


def unseal_everything(apps, schema_editor):
    apps.get_model("core", "AuditEvent").objects.update(mac="", previous_mac="")
    apps.get_model("core", "AuditChainHead").objects.update_or_create(
        pk=1,
        defaults={
            "chain_id": uuid.uuid4(),
            "last_event_id": 0,
            "last_mac": GENESIS_MAC,
            "length": 0,
            "key_id": "",
            "sealed_at": None,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_chain_head")]

    operations = [
        migrations.RenameField("auditevent", "hash", "mac"),
        migrations.RenameField("auditevent", "previous_hash", "previous_mac"),
        migrations.AlterField("auditevent", "mac", models.CharField(blank=True, max_length=64)),
        migrations.AlterField("auditevent", "previous_mac", models.CharField(blank=True, max_length=64)),
        migrations.AddField("auditevent", "sequence", models.BigIntegerField(blank=True, null=True)),
        migrations.AddConstraint(
            "auditevent",
            models.UniqueConstraint(
                condition=models.Q(sequence__isnull=False), fields=["sequence"], name="audit_sequence_unique"
            ),
        ),
        migrations.AddField("auditevent", "key_id", models.CharField(blank=True, max_length=32)),
        migrations.AddIndex(
            "auditevent",
            models.Index(condition=models.Q(sequence__isnull=True), fields=["id"], name="audit_unsealed_idx"),
        ),
        migrations.RenameField("auditchainhead", "last_hash", "last_mac"),
        migrations.AddField("auditchainhead", "chain_id", models.UUIDField(default=uuid.uuid4)),
        migrations.AddField("auditchainhead", "key_id", models.CharField(blank=True, max_length=32)),
        migrations.AddField("auditchainhead", "sealed_at", models.DateTimeField(blank=True, null=True)),
        migrations.CreateModel(
            name="AuditVerification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("started_at", models.DateTimeField()),
                ("finished_at", models.DateTimeField(db_index=True)),
                ("full", models.BooleanField(default=False)),
                ("intact", models.BooleanField()),
                ("from_sequence", models.BigIntegerField(default=0)),
                ("to_sequence", models.BigIntegerField(default=0)),
                ("checked", models.BigIntegerField(default=0)),
                ("checkpoints_checked", models.IntegerField(default=0)),
                ("broken_at_sequence", models.BigIntegerField(blank=True, null=True)),
                ("problem", models.TextField(blank=True)),
            ],
            options={"ordering": ["-id"]},
        ),
        # Old plain hashes cannot be turned into MACs; the events are sealed afresh under the key.
        migrations.RunPython(unseal_everything, elidable=False),
    ]
