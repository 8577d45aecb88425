"""The custody journey: receptions, releases, transfers, recalls and re-releases, probation changes,
and the timeline that records them."""
