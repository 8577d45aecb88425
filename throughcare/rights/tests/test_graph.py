from django.apps import apps

from throughcare.people.models import Person
from throughcare.rights.graph import SECTION_TITLES, models_about_a_person


def _independently_found_models_about_a_person() -> set[str]:
    """Models with a foreign key to Person, or to a model that has one, and so on (ignoring m2m tables)."""
    found = {Person}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in found:
                continue
            if any(
                (f.many_to_one or f.one_to_one) and f.related_model in found
                for f in model._meta.concrete_fields
            ):
                found.add(model)
                grew = True
    return {model._meta.label_lower for model in found}


def test_every_model_holding_data_about_a_person_is_walked_and_named():
    walked = [model._meta.label_lower for model in models_about_a_person()]
    assert set(walked) == _independently_found_models_about_a_person()
    # A new model pointing into a person's records needs a plain-English section title here.
    assert set(SECTION_TITLES) == set(walked)


def test_parents_come_before_the_records_that_point_at_them():
    order = models_about_a_person()
    position = {model: index for index, model in enumerate(order)}
    for model in order[1:]:
        parents = [f.related_model for f in model._meta.concrete_fields if (f.many_to_one or f.one_to_one)]
        assert any(position.get(parent, len(order)) < position[model] for parent in parents), model
        for parent in parents:
            if parent in position and parent is not model:
                assert position[parent] < position[model], (parent, model)
