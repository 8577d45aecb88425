"""Referrals as NHS Booking and Referral Standard (BaRS)-shaped FHIR R4 messages: export and import.

See docs/adr/0013-fhir-bars-interchange.md for the mapping, the identifier systems and the checks.
"""
