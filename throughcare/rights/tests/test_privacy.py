from django.urls import reverse


def test_the_privacy_notice_names_this_deployments_controller_dpo_bases_and_retention(client, settings, db):
    settings.PRIVACY_CONTROLLER = "Leeds Probation Delivery Unit"
    settings.PRIVACY_CONTROLLER_ADDRESS = "2 Park Row, Leeds LS1 5HD"
    settings.PRIVACY_DPO_CONTACT = "data.protection@leeds.example"
    settings.PRIVACY_LAWFUL_BASES = ["Public task: to run probation services."]
    settings.RETENTION_DRAFT_REFERRAL_DAYS = 60
    settings.RETENTION_CLOSED_REFERRAL_YEARS = 6
    page = client.get(reverse("core:privacy")).content.decode()
    assert "Leeds Probation Delivery Unit is the data controller" in page
    assert "2 Park Row, Leeds LS1 5HD" in page
    assert 'href="mailto:data.protection@leeds.example"' in page
    assert "Public task: to run probation services." in page
    assert "never sent: 60 days" in page
    assert "6 years after it ended" in page
