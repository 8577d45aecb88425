"""Forms for the directory's pages. They parse what was typed; the rules live in services.py."""

from throughcare.directory.forms.areas import ServiceAreasForm
from throughcare.directory.forms.location import LinkLocationForm, LocationForm
from throughcare.directory.forms.search import SearchForm
from throughcare.directory.forms.service import ServiceForm

__all__ = ["LinkLocationForm", "LocationForm", "SearchForm", "ServiceAreasForm", "ServiceForm"]
