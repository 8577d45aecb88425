"""Commissioner insight: the statistics and disclosure control behind the insight pages.

This package holds pure functions over plain numbers (no models, no database), so pages, CSV
downloads and the API can share them and tests can check them against published worked examples:

- `statistics`: confidence intervals, funnel-plot limits, variation between areas, waiting times,
  the relative rate index, and the waiting-list "what if" model;
- the disclosure rules themselves live in `throughcare.core.disclosure`, because every app that
  publishes numbers about people must apply them, not only this one.
"""
