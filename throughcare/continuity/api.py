"""Continuity under /api/v1/: the custody journey, orders and the register, release plans and the
court view, each from its own part of the app."""

from ninja import Router

from throughcare.continuity.court.api import router as court_router
from throughcare.continuity.custody.api import router as custody_router
from throughcare.continuity.orders.api import router as orders_router
from throughcare.continuity.release.api import router as release_router

router = Router()
router.add_router("/", custody_router)
router.add_router("/", orders_router)
router.add_router("/", release_router)
router.add_router("/", court_router)
