"""Treatment requirement availability for court teams writing pre-sentence reports."""
