"""Participants and previous/next links, in every layout the wikis use."""

from __future__ import annotations

import pytest

from wikibox.model.article import template_params
from wikibox.model.semantics import participants, sequence_link
from wikibox.wikitext.parser import parse_wikitext
from wikibox.wikitext.positions import NodeLocator

TRUMP_PUTIN = [
    ("Donald Trump", "Donald Trump", "USA"),
    ("Vladimir Putin", "Vladimir Putin", "RUS"),
]

PARTICIPANT_LAYOUTS = {
    "br": "{{flagicon|USA}} [[Donald Trump]]<br />{{flagicon|RUS}} [[Vladimir Putin]]",
    "br without slash": "{{flagicon|USA}} [[Donald Trump]]<br>{{flagicon|RUS}} [[Vladimir Putin]]",
    "plainlist": (
        "{{plainlist|\n* {{flagicon|USA}} [[Donald Trump]]\n"
        "* {{flagicon|RUS}} [[Vladimir Putin]]\n}}"
    ),
    "ubl": "{{ubl|{{flagicon|USA}} [[Donald Trump]]|{{flagicon|RUS}} [[Vladimir Putin]]}}",
    "unbulleted list": (
        "{{unbulleted list|{{flagicon|USA}} [[Donald Trump]]|{{flagicon|RUS}} [[Vladimir Putin]]}}"
    ),
    "bullets": "\n* {{flagicon|USA}} [[Donald Trump]]\n* {{flagicon|RUS}} [[Vladimir Putin]]\n",
    "commas": "{{flagicon|USA}} [[Donald Trump]], {{flagicon|RUS}} [[Vladimir Putin]]",
    "flagdeco": "{{flagdeco|USA}} [[Donald Trump]]<br />{{flagdeco|RUS}} [[Vladimir Putin]]",
}


@pytest.mark.parametrize("value", PARTICIPANT_LAYOUTS.values(), ids=PARTICIPANT_LAYOUTS.keys())
def test_participant_layouts(value):
    found = [(p.name, p.target, p.country) for p in participants(value)]
    assert found == TRUMP_PUTIN


def test_piped_link_display_and_target():
    (person,) = participants("[[Vladimir Putin|Putin]]")
    assert (person.name, person.target, person.country) == ("Putin", "Vladimir Putin", None)


def test_plain_text_participants():
    people = participants("Donald Trump, Vladimir Putin")
    assert [(p.name, p.target) for p in people] == [
        ("Donald Trump", None),
        ("Vladimir Putin", None),
    ]


def test_flag_only_participant_has_no_name():
    people = participants("{{flagicon|USA}}<br />{{flagicon|RUS}} [[Vladimir Putin]]")
    assert [(p.name, p.country) for p in people] == [("", "USA"), ("Vladimir Putin", "RUS")]


def test_flag_template_that_prints_the_country():
    (person,) = participants("{{flag|Finland}}")
    assert (person.name, person.country, person.flag_template) == ("Finland", "Finland", "Flag")


def test_commas_inside_links_do_not_split():
    (person,) = participants("[[Washington, D.C.|Washington]]")
    assert person.target == "Washington, D.C."


def _param(value: str):
    code = parse_wikitext("{{X|p=" + value + "}}")
    return template_params(code.filter_templates()[0], NodeLocator(code))[0]


@pytest.mark.parametrize(
    ("value", "target", "text"),
    [
        (
            "[[2025 Russia–United States Summit]]",
            "2025 Russia–United States Summit",
            "2025 Russia–United States Summit",
        ),
        (
            "[[second_inauguration of Donald Trump|Inauguration]]",
            "Second inauguration of Donald Trump",
            "Inauguration",
        ),
        ("''[[A summit]]''", "A summit", "A summit"),
        ("The next one", None, "The next one"),
    ],
)
def test_sequence_link(value, target, text):
    link = sequence_link(_param(value))
    assert (link.target, link.text) == (target, text)


def test_sequence_link_empty_is_none():
    assert sequence_link(_param("  ")) is None
