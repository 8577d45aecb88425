"""What a page or an API call says about a person, as one value the services validate as a whole."""

from dataclasses import dataclass, field, fields
from datetime import date

from throughcare.people.models import Gender, Person

IDENTIFIER_FIELDS = ("nhs_number", "prison_number", "crn", "pnc")


@dataclass
class PersonDetails:
    given_names: str
    family_name: str
    date_of_birth: date | None
    preferred_name: str = ""
    aliases: list[str] = field(default_factory=list)
    gender: str = Gender.NOT_KNOWN
    ethnicity: str = ""
    interpreter_needed: bool = False
    interpreter_language: str = ""
    uses_bsl: bool = False
    literacy_support: bool = False
    learning_disability: bool = False
    neurodivergent: bool = False
    communication_notes: str = ""
    contact_preference: str = ""
    phone: str = ""
    email: str = ""
    nhs_number: str = ""
    prison_number: str = ""
    crn: str = ""
    pnc: str = ""

    @classmethod
    def of(cls, person: Person) -> "PersonDetails":
        values = {f.name: getattr(person, f.name) for f in fields(cls) if f.name != "aliases"}
        return cls(**values, aliases=[alias.name for alias in person.aliases.all()])

    def model_fields(self) -> dict:
        """Everything but the aliases, which are rows of their own."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "aliases"}
