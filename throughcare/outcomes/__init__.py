"""Outcome measures (PHQ-9, GAD-7, CORE-10, WEMWBS, SWEMWBS): scoring by their published rules.

Pure functions over plain data, with no models and no Django imports, so it can be used anywhere
(forms, services, the API, reports) and tested without a database:

- `measures`: each measure as data, with the sources of its numbers;
- `scoring`: `score()` for itemised measures, `record_total()` for licensed ones recorded as totals;
- `change`: reliable change and NHS Talking Therapies recovery for PHQ-9 and GAD-7.
"""
