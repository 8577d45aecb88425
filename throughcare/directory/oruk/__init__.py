"""The directory's Open Referral UK (HSDS-UK-3.0) interface: the public API, import and export.

- `api`: the read-only public API under /openreferral/, no sign-in, CORS open to all.
- `serialisers`: directory records as HSDS JSON; `attributes` and `facts` carry Throughcare's
  structured fields as HSDS attributes, so that export and import round-trip.
- `importing` (with `parsing` and `sources`): `manage.py import_oruk` from an API or a JSON file.
- `tabular`: the HSDS tabular data package (`export_hsds`, `import_hsds`).

Nothing here reads or writes anything about people.
"""
