"""Release planning: the release-day checklist, the release caseload, and the plan in plain words."""
