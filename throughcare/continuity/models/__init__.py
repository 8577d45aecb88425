"""Continuity's models, one module per part of the journey; importing them here registers them with
the app (label 'continuity') and lets callers import every model from `throughcare.continuity.models`."""

from throughcare.continuity.models.custody import CustodyEpisode, JourneyEvent, JourneyEventQuerySet
from throughcare.continuity.models.orders import LicenceCondition, Order, Requirement
from throughcare.continuity.models.release import ReleasePlanItem

__all__ = [
    "CustodyEpisode",
    "JourneyEvent",
    "JourneyEventQuerySet",
    "LicenceCondition",
    "Order",
    "ReleasePlanItem",
    "Requirement",
]
