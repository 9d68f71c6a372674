"""Components declare the annotations they need and set; a pipeline whose order leaves a
need unmet is refused when it is built, naming the component and what it lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from casefile.extract.pipeline import (
    DEFAULT_COMPONENTS,
    RU_COMPONENTS,
    MisorderedComponents,
    Pipeline,
    PipelineConfig,
)
from casefile.extract.registry import ANNOTATIONS, declaration, declare, registered, unmet_needs


def test_every_registered_component_declares_known_annotations():
    for name in registered():
        declared = declaration(name)
        assert declared is not None, name
        assert declared.needs | declared.sets <= set(ANNOTATIONS), name


def test_the_default_orders_meet_every_need():
    assert unmet_needs(DEFAULT_COMPONENTS) == []
    assert unmet_needs(RU_COMPONENTS) == []
    Pipeline()  # and the pipeline builds


def test_a_component_before_what_it_needs_is_refused_by_name():
    misordered = ("events", "dates", "terms", "persons", "organisations")
    with pytest.raises(MisorderedComponents) as exc:
        Pipeline(PipelineConfig(components=misordered))
    message = str(exc.value)
    assert message.startswith("[extract] components: component 'events' needs 'dates'")
    assert "(set by: dates)" in message
    assert "more" in message  # terms, persons and organisations come late too


def test_a_russian_misorder_is_refused_naming_the_russian_table():
    ru = ("dates", "terms", "ru_events", "ru_entities", "ru_statistics")
    with pytest.raises(MisorderedComponents) as exc:
        Pipeline(PipelineConfig(ru_components=ru))
    message = str(exc.value)
    assert message.startswith(
        "[extract.ru] components: component 'ru_events' needs 'organisations'"
    )
    assert "ru_entities" in message


def test_dropping_the_events_component_names_the_first_that_needed_it():
    problems = unmet_needs(tuple(c for c in DEFAULT_COMPONENTS if c != "events"))
    assert problems[0].startswith("component 'merge_events' needs 'events'")
    # the components that make events are named, not those that only revise them
    assert "(set by: events, ru_events)" in problems[0]
    # merge_events revises events, so it does not make them for those after it either
    assert [p.split("'")[1] for p in problems] == [
        "merge_events", "discourse_dates", "discourse_dates", "model_events", "model_events",
        "group_terms",
    ]


def test_an_unknown_annotation_in_a_declaration_is_refused():
    with pytest.raises(ValueError, match="persosn"):
        declare("invented_component", needs=("persosn",), sets=())
    assert declaration("invented_component") is None


def test_a_misordered_config_file_is_a_one_line_cli_error(casefile_main, tmp_path: Path):
    (tmp_path / "casefile.toml").write_text(
        '[extract]\ncomponents = ["dates", "terms", "gender", "persons"]\n', encoding="utf-8"
    )
    text = tmp_path / "note.txt"
    text.write_text("Arlen Tovas was detained in Velsk on 3 May 2024.\n", encoding="utf-8")
    result = casefile_main("extract", str(text))  # ./casefile.toml is picked up
    assert result.code == 1
    lines = result.err.splitlines()
    assert len(lines) == 1 and "Traceback" not in result.err
    assert "'gender' needs 'persons'" in lines[0]
