"""Go's text/template as docker uses it: Go's own exec tests (as data) and what the real docker
26.1.5 CLI printed for the same templates on a real container (tests/cli/data/gotemplate)."""
from __future__ import annotations

import re

import pytest

from gotemplate_data import container_json, load, typed
from simulator.cli import apitypes
from simulator.cli.gotemplate import Template, TemplateError, render, render_inspect

GO = load("go_exec.yaml")
FIXTURES = {k: typed(v) for k, v in GO["fixtures"].items()}
DOCKER = load("docker_cli.yaml")["cases"]
ADDRESS = re.compile(r"0xc[0-9a-f]{9}")


@pytest.mark.parametrize("name,text,want,data,ok", GO["cases"], ids=[c[0] for c in GO["cases"]])
def test_go_exec_cases(name, text, want, data, ok):
    value = FIXTURES[data] if isinstance(data, str) and data in FIXTURES else typed(data)
    template = Template(text)
    if ok:
        assert template.execute(value) == want
    else:
        with pytest.raises(TemplateError) as e:
            template.execute(value)
        assert not e.value.parsing and e.value.exit_code == 1


@pytest.mark.parametrize("case", DOCKER, ids=[c["template"] for c in DOCKER])
def test_as_the_docker_cli_prints_it(case):
    value = apitypes.decode(container_json(), "types.ContainerJSON") if case["data"] else None
    try:
        got = render_inspect(case["template"], value) if case["data"] else render(case["template"], value)
    except TemplateError as e:
        got = "ERROR " + e.go_message
    assert ADDRESS.sub("0xADDR", got) == ADDRESS.sub("0xADDR", case["want"])


def test_docker_framing_and_exit_status():
    with pytest.raises(TemplateError) as parse_error:
        render("{{.Name", {})
    assert parse_error.value.message == "template parsing error: template: :1: unclosed action"
    assert parse_error.value.exit_code == 64 and parse_error.value.parsing
    with pytest.raises(TemplateError) as exec_error:
        render_inspect("{{.Foo}}", apitypes.decode(container_json(), "types.ContainerJSON"))
    assert exec_error.value.message == ('template parsing error: template: :1:2: executing "" at <.Foo>: '
                                        'map has no entry for key "Foo"')
    assert exec_error.value.exit_code == 1


def test_typed_value_errors_name_the_go_type():
    value = apitypes.decode(container_json(), "types.ContainerJSON")
    with pytest.raises(TemplateError) as e:
        render("{{.State.Nope}}", value)
    assert e.value.go_message.endswith("can't evaluate field Nope in type *types.ContainerState")
    with pytest.raises(TemplateError) as e:
        render("{{.State.Health.Status}}", value)
    assert e.value.go_message.endswith("nil pointer evaluating *types.Health.Status")


def test_json_of_a_decoded_document_is_the_document():
    import json
    doc = container_json()
    value = apitypes.decode(doc, "types.ContainerJSON")
    assert json.loads(render("{{json .}}", value)) == doc


def test_output_is_bounded():
    with pytest.raises(TemplateError) as e:
        render("{{range 100000000}}xxxxxxxxxx{{end}}", None)
    assert "the simulator stopped it" in e.value.go_message


PARSE = load("go_parse.yaml")["cases"]


@pytest.mark.parametrize("name,text,ok", PARSE, ids=[c[0] for c in PARSE])
def test_go_parse_cases(name, text, ok):
    if ok:
        Template(text)
    else:
        with pytest.raises(TemplateError) as e:
            Template(text)
        assert e.value.parsing and e.value.go_message.startswith("template: :")


def test_a_template_that_would_run_for_ever_is_stopped():
    with pytest.raises(TemplateError) as e:
        render("{{range 100000000}}{{end}}", None)
    assert "steps: the simulator stopped it" in e.value.go_message and not e.value.parsing
    with pytest.raises(TemplateError):
        render('{{define "x"}}{{template "x"}}{{end}}{{template "x"}}', None)
