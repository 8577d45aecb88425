from throughcare.myplan.tests.conftest import caseworker, practitioner, service  # noqa: F401 (fixtures)
