"""`Lab(scenario=None)`: the Layer Lab workbench as ipywidgets. A thin face over LabController:
each callback calls one controller method, then every panel is redrawn from the controller."""
from __future__ import annotations

import functools
import warnings

import ipywidgets as w

from simulator.ui import html
from simulator.ui.controller import LabController
from simulator.ui.fontcss import font_css
from simulator.ui.guided import ACTIONS
from simulator.ui.picture import AUTO, OVERVIEW
from simulator.ui.words import languages, speaking, t

TABS = ("lab.tab.view", "lab.tab.diff", "lab.tab.volumes", "lab.tab.host")
NARROW = {"description_width": "initial"}
PROJECTOR_TEXT_PX = 16      # the smallest text in projector mode, diagram included (CSS px)
MORE = "\0more"             # the value of a tree row that only says how many were left out


def _button(label_id: str, cls: str, tip_id: str = "", style: str = "", label: str = "") -> w.Button:
    """A button whose words come from the catalog (`label`: a symbol instead, like an arrow)."""
    label = label or t(label_id)
    b = w.Button(description=label, tooltip=t(tip_id) if tip_id else label, button_style=style,
                 layout=w.Layout(width="auto"))
    b.add_class(cls)
    return b


def _classed(widget, cls: str):
    widget.add_class(cls)
    return widget


class Lab(w.VBox):
    """A complete workbench on a scenario (a file path, a Scenario, or None for the playground).
    Labs share nothing: each has its own controller, timeline and widgets."""

    def __init__(self, scenario=None, projector: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.controller = LabController(scenario)
        self._busy = False
        self._projector = bool(projector)    # large text for a classroom screen (the toggle)
        self._shown: dict = {}          # widget id -> the rows it shows (sent again only when new)
        with speaking(self.controller.ui.language):
            self._build()
        self.add_class("layer-lab")
        self.refresh()

    def __repr__(self) -> str:
        c = self.controller
        return f"<Layer Lab: {c.scenario.title or 'a scenario'}, step {c.step_label()}>"

    def _repr_mimebundle_(self, **kwargs):
        """The widget where a widget manager runs it; beside it, for an untrusted notebook, GitHub's viewer
        or an HTML export (no widget state is saved), the diagram it shows, as SVG and PNG."""
        from simulator.render import notebook_png, notebook_svg
        bundle = super()._repr_mimebundle_(**kwargs)
        picture = self.controller.diagram()
        if picture.svg and isinstance(bundle, dict):
            bundle["image/svg+xml"] = notebook_svg(picture.svg)
            png = notebook_png(picture.dot)
            if png:
                bundle["image/png"] = png
        return bundle

    # ---- building -------------------------------------------------------------------
    def _build(self) -> None:
        c = self.controller
        self.title = w.HTML()
        self.command = _classed(w.Text(placeholder=t("lab.command.placeholder"),
                                       layout=w.Layout(flex="1 1 auto", width="auto")), "lab-command")
        self.run_button = _button("lab.command.run", "lab-run", "lab.command.run.tip", "primary")
        self.up = _button("", "lab-history-up", "lab.command.up.tip", label="\u2191")
        self.down = _button("", "lab-history-down", "lab.command.down.tip", label="\u2193")
        self.terminal = _classed(w.HTML(), "lab-terminal")
        # the command box's prompt: `$` on the host, the container shell's while one is attached
        self.prompt = _classed(w.HTML(), "lab-prompt")
        self.eof = _button("lab.command.eof", "lab-eof", "lab.command.eof.tip")
        self.detach = _button("lab.command.detach", "lab-detach", "lab.command.detach.tip")

        self.target = _classed(w.Dropdown(description=t("lab.guided.target"), style=NARROW, layout=w.Layout(width="170px")),
                               "lab-guided-target")
        self.action = _classed(w.Dropdown(options=[(a.label, a.name) for a in ACTIONS.values()], value="append",
                                          description=t("lab.guided.action"), style=NARROW, layout=w.Layout(width="290px")),
                               "lab-guided-action")
        self.path = _classed(w.Text(description=t("lab.guided.path"), value=c.ui.path, style=NARROW, layout=w.Layout(width="220px")),
                             "lab-guided-path")
        self.arg = _classed(w.Text(style=NARROW, layout=w.Layout(width="240px")), "lab-guided-arg")
        self.new_name = _classed(w.Text(description=t("lab.guided.new-name"), style=NARROW,
                                        layout=w.Layout(width="260px")), "lab-guided-name")
        self.preview = _classed(w.HTML(), "lab-guided-preview")
        self.do = _button("lab.guided.do", "lab-guided-do", "lab.guided.do.tip", "success")

        self.tree = _classed(w.Select(rows=14, layout=w.Layout(width="auto")), "lab-tree")
        self.fold = _button("lab.tree.fold", "lab-fold")
        self.why_button = _button("lab.tree.why", "lab-why-button", style="info")
        self.why = _classed(w.HTML(), "lab-why")
        self.diff, self.volumes, self.host = w.HTML(), w.HTML(), w.HTML()
        self.tabs = w.Tab(children=[w.VBox([self.tree, w.HBox([self.fold, self.why_button]), self.why]),
                                    self.diff, self.volumes, self.host])
        for i, msg_id in enumerate(TABS):
            self.tabs.set_title(i, t(msg_id))
        self.tabs.add_class("lab-tabs")

        self.picture = _classed(w.Dropdown(description=t("lab.picture.label"), layout=w.Layout(width="260px")),
                                "lab-picture")
        self.actual_size = _classed(w.ToggleButton(value=False, description=t("lab.picture.actual-size"),
                                                   tooltip=t("lab.picture.actual-size.tip")), "lab-actual-size")
        self.whole = _classed(w.ToggleButton(value=c.ui.whole, description=t("lab.picture.whole"),
                                             tooltip=t("lab.picture.whole.tip")), "lab-whole")
        self.projector = _classed(w.ToggleButton(value=self._projector, description=t("lab.projector"),
                                                 tooltip=t("lab.projector.tip")), "lab-projector-toggle")
        self.language = _classed(w.Dropdown(options=languages(), value=c.language(), description=t("lab.language.label"),
                                            tooltip=t("lab.language.tip"), style=NARROW, layout=w.Layout(width="170px")),
                                 "lab-language")
        self.diagram = _classed(w.HTML(), "lab-diagram")
        self.narration = _classed(w.HTML(), "lab-narration")

        self.reset_button = _button("lab.timeline.reset", "lab-reset", "lab.timeline.reset.tip")
        self.back = _button("lab.timeline.back", "lab-back", "lab.timeline.back.tip")
        self.forward = _button("lab.timeline.forward", "lab-forward", "lab.timeline.forward.tip")
        self.slider = _classed(w.IntSlider(min=0, max=0, description=t("lab.timeline.step"), readout=False,
                                           layout=w.Layout(width="300px")), "lab-slider")
        self.step_label = _classed(w.HTML(), "lab-step")
        self.steps = _classed(w.Dropdown(description=t("lab.timeline.jump"), layout=w.Layout(width="420px")),
                              "lab-steps")
        self.branches = _classed(w.Dropdown(description=t("lab.timeline.branches"), layout=w.Layout(width="520px")),
                                 "lab-branches")

        self.save_button = _button("lab.files.save", "lab-save")
        self.load_button = _button("lab.files.load", "lab-load")
        self.upload = _classed(w.FileUpload(accept=".yaml,.yml,.json", multiple=False,
                                            description=t("lab.files.upload")), "lab-upload")
        self.image_upload = _classed(w.FileUpload(accept=".tar,.tar.gz,.tgz", multiple=False,
                                                  description=t("lab.files.load-image")), "lab-load-image")
        self.download = _classed(w.HTML(), "lab-download")
        self.scenario_text = _classed(w.Textarea(placeholder=t("lab.files.placeholder"),
                                                 layout=w.Layout(width="100%", height="180px")), "lab-scenario")

        # the page's styles, and the fonts the diagram's layout was measured with (sent once: big)
        self._css = w.HTML(html.CSS + font_css(hangul=c.language() == "ko"))
        self._wire()
        self._fill_arg(self.action.value)
        self._arrange()

    def _arrange(self) -> None:
        """Put the widgets in their boxes: two columns, or (projector mode) one column where the
        diagram takes the whole width, under the command box and the terminal."""
        wrap = w.Layout(flex_flow="row wrap")
        guided = w.VBox([w.HTML(f"<b>{html.escape(t('lab.guided.title'))}</b> {html.escape(t('lab.guided.hint'))}"),
                         w.HBox([self.target, self.action], layout=wrap), w.HBox([self.path, self.arg], layout=wrap),
                         self.new_name, self.preview, self.do])
        guided.add_class("lab-guided")
        command = w.HBox([self.prompt, self.command, self.run_button, self.eof, self.detach, self.up, self.down])
        picture = w.HBox([self.picture, self.whole, self.actual_size, self.projector, self.language])
        timeline = w.VBox([w.HBox([self.reset_button, self.back, self.forward, self.slider, self.step_label]),
                           w.HBox([self.steps, self.branches])])
        files = w.Accordion(children=[w.VBox([w.HBox([self.save_button, self.download, self.upload,
                                                      self.load_button, self.image_upload]), self.scenario_text])])
        files.set_title(0, t("lab.files.title"))
        if self._projector:
            self.add_class("lab-projector")
            body = [command, self.terminal, picture, self.diagram, self.narration, guided, self.tabs]
        else:
            self.remove_class("lab-projector")
            left = w.VBox([command, self.terminal, guided, self.tabs], layout=w.Layout(width="38%", min_width="360px"))
            right = w.VBox([picture, self.diagram, self.narration], layout=w.Layout(width="62%", min_width="360px"))
            body = [w.HBox([left, right])]
        self.children = [self._css, self.title, timeline, *body, files]

    def _wire(self) -> None:
        c = self.controller
        with warnings.catch_warnings():
            # Enter only: continuous_update=False would also run the command when the box loses focus
            warnings.simplefilter("ignore", DeprecationWarning)
            self.command.on_submit(self._act(lambda _: self._run_typed()))
        self.run_button.on_click(self._act(lambda _: self._run_typed()))
        self.eof.on_click(self._act(lambda _: c.run_command("^D")))
        self.detach.on_click(self._act(lambda _: c.run_command("^P^Q")))
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
        self.actual_size.observe(self._act(lambda _: None), "value")
        self.projector.observe(self._act(self._projector_changed), "value")
        self.whole.observe(self._act(lambda ch: c.set_whole(ch["new"])), "value")
        self.reset_button.on_click(self._act(lambda _: c.reset()))
        self.back.on_click(self._act(lambda _: c.back()))
        self.forward.on_click(self._act(lambda _: c.forward()))
        self.slider.observe(self._act(lambda ch: c.jump(c.step_at(ch["new"]))), "value")
        for dropdown in (self.steps, self.branches):
            dropdown.observe(self._act(lambda ch: ch["new"] is not None and c.jump(ch["new"])), "value")
        self.save_button.on_click(self._act(self._save))
        self.load_button.on_click(self._act(lambda _: c.load(self.scenario_text.value)))
        self.upload.observe(self._act(self._uploaded), "value")
        self.image_upload.observe(self._act(self._image_uploaded), "value")
        self.language.observe(self._act(self._language_changed), "value")

    def _act(self, handler):
        """A callback that runs one controller step, then redraws; ignored while redrawing (setting a
        widget's value from refresh() fires its observers too)."""
        @functools.wraps(handler)
        def call(arg):
            if self._busy:
                return
            try:
                with speaking(self.controller.ui.language):
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

    def _projector_changed(self, change) -> None:
        self._projector = bool(change["new"])
        self._arrange()

    def _language_changed(self, change) -> None:
        """The language switch: the lab speaks the new language, and every widget is made again
        with its words (what was typed and picked stays)."""
        if not self.controller.set_language(change["new"]):
            return
        kept = {"command": self.command.value, "action": self.action.value, "path": self.path.value,
                "arg": self.arg.value, "new_name": self.new_name.value, "actual_size": self.actual_size.value,
                "scenario_text": self.scenario_text.value, "download": self.download.value}
        self._shown = {}
        with speaking(self.controller.ui.language):
            self._build()
        self._busy = True
        try:
            for name, value in kept.items():
                setattr(getattr(self, name), "value", value)
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

    def _image_uploaded(self, change) -> None:
        """*Load image*: the chosen archive is loaded into the lab's engine as the next step."""
        for f in change["new"] or ():
            self.controller.load_image(f["name"], f["content"])

    # ---- drawing ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Redraw every panel from the controller (observers are muted meanwhile); a failure is
        printed in the terminal, which is drawn again last."""
        self._busy = True
        try:
            with speaking(self.controller.ui.language):
                self._draw()
        except Exception as e:
            self.controller.ui.print(t("lab.terminal.drawing-error", kind=type(e).__name__, error=str(e)))
            self.terminal.value = html.terminal(self.controller.terminal_text())
        finally:
            self._busy = False

    def _draw(self) -> None:
        c = self.controller
        self.title.value = f'<div class="lab-title">{html.escape(c.scenario.title or "Layer Lab")}</div>'
        self.terminal.value = html.terminal(c.terminal_text())
        prompt = c.prompt()
        self.prompt.value = f'<pre class="lab-prompt-text">{html.escape(prompt)}</pre>'
        attached = prompt != "$ "
        for b in (self.eof, self.detach):
            b.layout.display = "" if attached else "none"
        self._refresh_guided()
        self._refresh_tree()
        self.why.value = html.why(c.ui.why)
        self.diff.value = html.pre(c.diff_text())
        self.volumes.value = html.pre(c.volumes_text())
        self.host.value = html.pre(c.host_text())
        self.picture.options = [(t("lab.picture.auto"), AUTO), (t("lab.picture.overview"), OVERVIEW)] + \
            [(t("lab.picture.stack", name=name), name) for name in sorted(c.engine.containers)]
        self.picture.value = c.ui.picture if c.ui.picture in (AUTO, OVERVIEW) or \
            c.ui.picture in c.engine.containers else AUTO
        self.diagram.value = html.diagram(c.diagram(), fit=not self.actual_size.value,
                                          min_text_px=PROJECTOR_TEXT_PX if self._projector else 0)
        self.narration.value = html.narration(c.narration_groups(), c.step_label())
        self._refresh_timeline()

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
        self.preview.value = html.escape(t("lab.guided.runs")) + " " + html.code(c.preview(self.action.value, self.target.value, self.path.value,
                                                            **self._guided_args()))

    def _refresh_tree(self) -> None:
        rows = self.controller.tree()
        self.tree.options = [(r.label, r.path + MORE if r.kind == "more" else r.path) for r in rows]
        paths = {r.path for r in rows if r.kind != "more"}
        self.tree.value = self.controller.ui.path if self.controller.ui.path in paths else None

    def _refresh_timeline(self) -> None:
        """Only what a move changes is sent again; the step lists only when a step was added."""
        c = self.controller
        index, last = c.position()
        self.slider.max = last
        self.slider.value = index
        where = t("lab.step.ahead", count=last - index) if last > index else t("lab.step.newest")
        lines = len(c.branch_rows())
        if lines > 1:
            where += " \u00b7 " + t("lab.step.lines", count=lines)
        self.step_label.value = f"<b>{html.escape(t('lab.step.here', step=c.step_label()))}</b> &nbsp; " \
                                f"{html.escape(where)}"
        self.back.disabled = c.step.parent is None
        self.forward.disabled = not c.step.children
        for dropdown, rows, value in ((self.steps, c.all_step_rows(), c.step.number),
                                      (self.branches, c.branch_rows(), c.branch_here())):
            if self._shown.get(dropdown.model_id) is not rows:
                dropdown.options = rows
                self._shown[dropdown.model_id] = rows
            dropdown.value = value if any(n == value for _, n in rows) else None
