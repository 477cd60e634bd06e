"""`Lab(scenario=None)`: the Layer Lab workbench as ipywidgets. A thin face over LabController:
each callback calls one controller method, then every panel is redrawn from the controller."""
from __future__ import annotations

import functools
import warnings

import ipywidgets as w

from . import html
from .controller import LabController
from .guided import ACTIONS
from .picture import AUTO, OVERVIEW

TABS = ("Container's view", "docker diff", "Volumes", "Host")
MORE = "\0more"             # the value of a tree row that only says how many were left out


def _button(label: str, cls: str, tip: str = "", style: str = "") -> w.Button:
    b = w.Button(description=label, tooltip=tip or label, button_style=style,
                 layout=w.Layout(width="auto"))
    b.add_class(cls)
    return b


def _classed(widget, cls: str):
    widget.add_class(cls)
    return widget


class Lab(w.VBox):
    """A complete workbench on a scenario (a file path, a Scenario, or None for the playground).
    Labs share nothing: each has its own controller, timeline and widgets."""

    def __init__(self, scenario=None, **kwargs):
        super().__init__(**kwargs)
        self.controller = LabController(scenario)
        self._busy = False
        self._build()
        self.add_class("layer-lab")
        self.refresh()

    # ---- building -------------------------------------------------------------------
    def _build(self) -> None:
        c = self.controller
        self.title = w.HTML()
        self.command = _classed(w.Text(placeholder="docker exec web sh -c 'echo hi >> /etc/motd'   (Enter runs it)",
                                       layout=w.Layout(flex="1 1 auto", width="auto")), "lab-command")
        self.run_button = _button("Run", "lab-run", "run the command", "primary")
        self.up = _button("\u2191", "lab-history-up", "the command before")
        self.down = _button("\u2193", "lab-history-down", "the command after")
        self.terminal = _classed(w.HTML(), "lab-terminal")

        self.target = _classed(w.Dropdown(description="Target", layout=w.Layout(width="220px")), "lab-guided-target")
        self.action = _classed(w.Dropdown(options=[(a.label, a.name) for a in ACTIONS.values()], value="append",
                                          description="Action", layout=w.Layout(width="300px")), "lab-guided-action")
        self.path = _classed(w.Text(description="Path", value=c.ui.path, layout=w.Layout(width="260px")),
                             "lab-guided-path")
        self.arg = _classed(w.Text(layout=w.Layout(width="260px")), "lab-guided-arg")
        self.new_name = _classed(w.Text(description="Name", layout=w.Layout(width="200px")), "lab-guided-name")
        self.preview = _classed(w.HTML(), "lab-guided-preview")
        self.do = _button("Do it", "lab-guided-do", "run the command shown", "success")

        self.tree = _classed(w.Select(rows=14, layout=w.Layout(width="auto")), "lab-tree")
        self.fold = _button("Open / close folder", "lab-fold")
        self.why_button = _button("Why do I see this?", "lab-why-button", style="info")
        self.why = _classed(w.HTML(), "lab-why")
        self.diff, self.volumes, self.host = w.HTML(), w.HTML(), w.HTML()
        self.tabs = w.Tab(children=[w.VBox([self.tree, w.HBox([self.fold, self.why_button]), self.why]),
                                    self.diff, self.volumes, self.host])
        for i, name in enumerate(TABS):
            self.tabs.set_title(i, name)
        self.tabs.add_class("lab-tabs")

        self.picture = _classed(w.Dropdown(description="Picture", layout=w.Layout(width="260px")), "lab-picture")
        self.diagram = _classed(w.HTML(), "lab-diagram")
        self.narration = _classed(w.HTML(), "lab-narration")

        self.reset_button = _button("Reset", "lab-reset", "back to the start")
        self.back = _button("\u25c0 Back", "lab-back", "one step back")
        self.forward = _button("Forward \u25b6", "lab-forward", "one step forward")
        self.slider = _classed(w.IntSlider(min=0, max=0, description="Step", readout=False,
                                           layout=w.Layout(width="300px")), "lab-slider")
        self.step_label = _classed(w.HTML(), "lab-step")
        self.steps = _classed(w.Dropdown(description="Jump to", layout=w.Layout(width="420px")), "lab-steps")
        self.branches = _classed(w.Dropdown(description="Branches", layout=w.Layout(width="520px")), "lab-branches")

        self.save_button = _button("Save as scenario", "lab-save")
        self.load_button = _button("Load from text", "lab-load")
        self.upload = _classed(w.FileUpload(accept=".yaml,.yml,.json", multiple=False, description="Load file"),
                               "lab-upload")
        self.download = _classed(w.HTML(), "lab-download")
        self.scenario_text = _classed(w.Textarea(placeholder="a scenario file (YAML): Save fills it, Load reads it",
                                                 layout=w.Layout(width="100%", height="180px")), "lab-scenario")

        self._wire()
        self._fill_arg(self.action.value)
        guided = w.VBox([w.HTML("<b>Guided controls</b> (each shows the command it runs)"),
                         w.HBox([self.target, self.action]), w.HBox([self.path, self.arg]),
                         w.HBox([self.new_name]), w.HBox([self.preview]), self.do])
        guided.add_class("lab-guided")
        left = w.VBox([w.HBox([self.command, self.run_button, self.up, self.down]), self.terminal, guided, self.tabs],
                      layout=w.Layout(width="42%", min_width="360px"))
        right = w.VBox([self.picture, self.diagram, self.narration], layout=w.Layout(width="58%"))
        timeline = w.VBox([w.HBox([self.reset_button, self.back, self.forward, self.slider, self.step_label]),
                           w.HBox([self.steps, self.branches])])
        files = w.Accordion(children=[w.VBox([w.HBox([self.save_button, self.download, self.upload,
                                                      self.load_button]), self.scenario_text])])
        files.set_title(0, "Save / load the session as a scenario file")
        self.children = [w.HTML(html.CSS), self.title, timeline, w.HBox([left, right]), files]

    def _wire(self) -> None:
        c = self.controller
        with warnings.catch_warnings():
            # Enter only: continuous_update=False would also run the command when the box loses focus
            warnings.simplefilter("ignore", DeprecationWarning)
            self.command.on_submit(self._act(lambda _: self._run_typed()))
        self.run_button.on_click(self._act(lambda _: self._run_typed()))
        self.up.on_click(self._act(lambda _: setattr(self.command, "value", c.history_up())))
        self.down.on_click(self._act(lambda _: setattr(self.command, "value", c.history_down())))
        self.do.on_click(self._act(lambda _: c.guided(self.action.value, self.target.value, self.path.value,
                                                      **self._guided_args())))
        self.target.observe(self._act(lambda ch: c.select_container(ch["new"])), "value")
        self.action.observe(self._act(self._action_changed), "value")
        self.path.observe(self._act(self._path_changed), "value")
        for box in (self.arg, self.new_name):
            box.observe(self._act(lambda _: None), "value")
        self.tree.observe(self._act(self._tree_picked), "value")
        self.fold.on_click(self._act(lambda _: c.toggle_folder(c.ui.path)))
        self.why_button.on_click(self._act(lambda _: c.why(self.path.value or c.ui.path)))
        self.picture.observe(self._act(lambda ch: c.select_picture(ch["new"])), "value")
        self.reset_button.on_click(self._act(lambda _: c.reset()))
        self.back.on_click(self._act(lambda _: c.back()))
        self.forward.on_click(self._act(lambda _: c.forward()))
        self.slider.observe(self._act(lambda ch: c.jump(c.line()[ch["new"]].number)), "value")
        for dropdown in (self.steps, self.branches):
            dropdown.observe(self._act(lambda ch: ch["new"] is not None and c.jump(ch["new"])), "value")
        self.save_button.on_click(self._act(self._save))
        self.load_button.on_click(self._act(lambda _: c.load(self.scenario_text.value)))
        self.upload.observe(self._act(self._uploaded), "value")

    def _act(self, handler):
        """A callback that runs one controller step, then redraws; ignored while redrawing (setting a
        widget's value from refresh() fires its observers too)."""
        @functools.wraps(handler)
        def call(arg):
            if self._busy:
                return
            try:
                handler(arg)
            except Exception as e:      # the controller never raises; this guards the wiring itself
                self.controller.ui.print(f"lab: internal error ({type(e).__name__}): {e}")
            self.refresh()
        return call

    # ---- callbacks ------------------------------------------------------------------
    def _run_typed(self) -> None:
        self.controller.run_command(self.command.value)
        self.command.value = ""

    def _guided_args(self) -> dict:
        a = ACTIONS[self.action.value]
        args = {}
        if a.arg:
            args["arg"] = self.arg.value
        if a.new_container and self.new_name.value:
            args["name"] = self.new_name.value
        return args

    def _action_changed(self, change) -> None:
        self._fill_arg(change["new"])

    def _path_changed(self, change) -> None:
        path = change["new"]
        if path.startswith("/"):
            self.controller.select_path(path)
        if self.action.value in ("rename",):
            self._fill_arg(self.action.value)

    def _fill_arg(self, action: str) -> None:
        a = ACTIONS[action]
        self._busy = True
        try:
            self.arg.value = self.controller.default_arg(action, self.path.value) if a.arg else ""
        finally:
            self._busy = False

    def _tree_picked(self, change) -> None:
        value = change["new"]
        if value and not value.endswith(MORE):
            self.controller.select_path(value)
            self._busy = True
            try:
                self.path.value = value
            finally:
                self._busy = False

    def _save(self, _) -> None:
        text = self.controller.save()
        self.scenario_text.value = text
        self.download.value = html.download_link(text)

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        text = bytes(files[0]["content"]).decode("utf-8", "replace")
        self.scenario_text.value = text
        self.controller.load(text)

    # ---- drawing ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw every panel from the controller (observers are muted meanwhile)."""
        c = self.controller
        self._busy = True
        try:
            self.title.value = f'<div class="lab-title">{html.escape(c.scenario.title or "Layer Lab")}</div>'
            self.terminal.value = html.terminal(c.terminal_text())
            self._refresh_guided()
            self._refresh_tree()
            self.why.value = html.why(c.ui.why)
            self.diff.value = html.pre(c.diff_text())
            self.volumes.value = html.pre(c.volumes_text())
            self.host.value = html.pre(c.host_text())
            self.picture.options = [("this step's picture", AUTO), ("overview", OVERVIEW)] + \
                [(f"{name}'s layer stack", name) for name in sorted(c.engine.containers)]
            self.picture.value = c.ui.picture if c.ui.picture in (AUTO, OVERVIEW) or \
                c.ui.picture in c.engine.containers else AUTO
            self.diagram.value = html.diagram(c.diagram())
            self.narration.value = html.narration(c.narration(), c.step_label())
            self._refresh_timeline()
        finally:
            self._busy = False

    def _refresh_guided(self) -> None:
        c = self.controller
        self.target.options = c.targets()
        self.target.value = c.target()
        a = ACTIONS[self.action.value]
        self.arg.description = a.arg_label or " "
        self.arg.layout.visibility = "visible" if a.arg else "hidden"
        self.path.layout.visibility = "visible" if a.path else "hidden"
        self.new_name.layout.display = "" if a.new_container else "none"
        if a.new_container and not self.new_name.value:
            self.new_name.placeholder = c.free_name(c.target() if c.target() in c.engine.containers else "lab")
        self.preview.value = "Runs: " + html.code(c.preview(self.action.value, self.target.value, self.path.value,
                                                            **self._guided_args()))

    def _refresh_tree(self) -> None:
        rows = self.controller.tree()
        self.tree.options = [(r.label, r.path + MORE if r.kind == "more" else r.path) for r in rows]
        paths = {r.path for r in rows if r.kind != "more"}
        self.tree.value = self.controller.ui.path if self.controller.ui.path in paths else None

    def _refresh_timeline(self) -> None:
        c = self.controller
        line = c.line()
        self.slider.max = max(0, len(line) - 1)
        self.slider.value = line.index(c.step)
        self.step_label.value = f"<b>step {html.escape(c.step_label())}</b> &nbsp; ({len(line) - 1} on this line, " \
                                f"{len(c.timeline.steps) - 1} in all)"
        self.back.disabled = c.step.parent is None
        self.forward.disabled = not c.step.children
        self.steps.options = c.all_step_rows()
        self.steps.value = c.step.number
        branches = c.branch_rows()
        self.branches.options = branches
        here = [n for label, n in branches if label.endswith("(you are here)")]
        self.branches.value = here[0] if here else None
