"""Diagrams of the simulator's state: pure functions from state (+ a step's events) to DOT text and
plain text, and a thin Graphviz backend that turns DOT into SVG or PNG.

    stack = build_stack(container, engine, record.events)
    stack_dot(stack), stack_text(stack)            # the layer stack of one container
    ov = build_overview(engine, record.events)
    overview_dot(ov), overview_text(ov)            # images, containers, volumes
    explain(engine, container, "/etc/app.conf")    # "why do I see this?"
    draw(engine, choose_view(engine, "web"))       # the one Picture type: DOT, text twin, SVG
    narrate_all(record.events)                     # one sentence per event
    to_svg(dot), to_png(dot), write(dot, "x.svg")  # needs graphviz-pure
"""
from simulator.render import cli
from simulator.render.backend import (RenderError, find_dot, notebook_png, notebook_svg, render, to_png, to_svg,
                                      write)
from simulator.render.cli import step_transcript
from simulator.render.escape import shorten, text_html
from simulator.render.explain import explain
from simulator.render.fonts import FONT_FILES, has_wide
from simulator.render.grouped import Line, grouped, grouped_text
from simulator.render.narrate import narrate, narrate_all, place
from simulator.render.overview import build_overview, overview_dot, overview_text
from simulator.render.stack import build_stack
from simulator.render.stackdot import stack_dot
from simulator.render.stacktext import stack_text
from simulator.render.picture import AUTO, OVERVIEW, Picture, choose_view, default_view, draw, sources, step_views, view_of

__all__ = ["text_html", "AUTO", "OVERVIEW", "build_overview", "build_stack", "choose_view", "cli", "default_view", "draw",
           "explain", "find_dot", "FONT_FILES", "grouped", "grouped_text", "has_wide", "Line", "narrate", "narrate_all", "notebook_png", "notebook_svg", "overview_dot",
           "overview_text", "Picture", "place", "render", "RenderError", "shorten", "sources", "stack_dot",
           "stack_text", "step_transcript", "step_views", "to_png", "to_svg", "view_of", "write"]
