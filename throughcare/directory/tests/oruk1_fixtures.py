"""ORUK 1.0 records as English councils' feeds publish them (shapes from the ORUK 1.0 API standard:
plural-s collections, physical_addresses, integer and text ids, Spring or ORUK paging)."""

import copy


def oruk1_service(service_id="101", *, name="Men's Shed, Anytown", organisation_id="7") -> dict:
    return copy.deepcopy(
        {
            "id": service_id,
            "name": name,
            "description": "A friendly place for men to meet, make things and talk.",
            "url": "https://anytown.example/mens-shed",
            "email": "shed@anytown.example",
            "status": "active",
            "fees": "£2 a session, free to anyone on benefits",
            "accreditations": "",
            "assured_date": "2025-09-01",
            "attending_type": "Venue",
            "attending_access": "drop-in",
            "deliverable_type": "Advice",
            "organization": {
                "id": organisation_id,
                "name": "Anytown Community Trust",
                "description": "A local charity.",
                "email": "hello@anytown.example",
                "url": "https://anytown.example",
                "logo": "https://anytown.example/logo.png",
                "uri": "https://find-and-update.company-information.service.gov.uk/company/01234567",
            },
            "eligibilitys": [
                {"id": "e1", "eligibility": "Men", "minimum_age": 18, "maximum_age": None},
                {"id": "e2", "eligibility": "Carers", "minimum_age": 25, "maximum_age": 99},
            ],
            "service_taxonomys": [
                {
                    "id": "st1",
                    "taxonomy": {
                        "id": "bccsubcategory:41",
                        "name": "Social activities",
                        "vocabulary": "bccSubCategories",
                        "parent": None,
                    },
                },
            ],
            "regular_schedules": [
                {
                    "id": "rs1",
                    "weekday": "Tuesday",
                    "opens_at": "10:00:00",
                    "closes_at": "14:00:00",
                    "description": "Tuesdays 10am to 2pm",
                }
            ],
            "holiday_schedules": [
                {"id": "hs1", "closed": True, "start_date": "2025-12-24", "end_date": "2026-01-02"}
            ],
            "service_at_locations": [
                {
                    "id": "sal1",
                    "location": {
                        "id": "loc1",
                        "name": "The Old Fire Station",
                        "description": "",
                        "latitude": 52.4862,
                        "longitude": -1.8904,
                        "physical_addresses": [
                            {
                                "id": "pa1",
                                "address_1": "1 High Street",
                                "city": "Anytown",
                                "state_province": "",
                                "postal_code": "B1 1AA",
                                "country": "England",
                            }
                        ],
                        "accessibility_for_disabilities": [
                            {"id": "ad1", "accessibility": "Step-free entrance"}
                        ],
                    },
                    "regular_schedules": [
                        {"id": "rs2", "byday": "TH", "opens_at": "18:00", "closes_at": "20:00"}
                    ],
                }
            ],
            "contacts": [
                {
                    "id": "c1",
                    "name": "Front desk",
                    "title": "",
                    "phones": [{"id": "p1", "number": "0121 000 0000"}],
                }
            ],
            "cost_options": [
                {"id": "co1", "option": "Per session", "amount": 2, "amount_description": "Pay on the day"}
            ],
            "languages": [{"id": "l1", "language": "English"}],
            "service_areas": [{"id": "sa1", "service_area": "Anytown", "extent": None, "uri": ""}],
            "fundings": [{"id": "f1", "source": "Anytown Council"}],
            "reviews": [{"id": "r1", "title": "Great", "score": "5"}],
        }
    )


def spring_page(services: list[dict], *, last: bool = True, total_pages: int = 1) -> dict:
    """How Spring-built ORUK 1.0 APIs page: `content`, `totalPages`, `last`."""
    return {
        "totalElements": len(services),
        "totalPages": total_pages,
        "number": 0,
        "size": len(services),
        "first": True,
        "last": last,
        "content": services,
    }


def oruk1_page(services: list[dict], *, page: int = 1, total_pages: int = 1) -> dict:
    """How ORUK 1.0 APIs built to its own spec page: `contents`, `total_pages`, `last_page`."""
    return {
        "total_elements": len(services),
        "total_pages": total_pages,
        "number": page,
        "size": len(services),
        "first_page": page == 1,
        "last_page": page == total_pages,
        "empty": not services,
        "contents": services,
    }
