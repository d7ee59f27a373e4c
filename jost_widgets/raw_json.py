"""Paste or load a config as JSON, validate it field by field, submit it."""

from __future__ import annotations

import json

import ipywidgets as widgets

from ._common import check, click_submit, errors_html, message_html, submit_config


class RawJsonRunner(widgets.VBox):
    """A text box for a config's JSON, with Validate and Submit.

    Parameters
    ----------
    manager : jost_engine.jobs.JobManager, optional
        Where Submit sends the config; without one Submit is disabled.
    on_submit : callable, optional
        Called with the :class:`~jost_engine.jobs.Job` just submitted.
    """

    def __init__(self, manager=None, on_submit=None):
        self.manager = manager
        self.on_submit = on_submit
        self.job = None
        self.submitting = False
        self.submit_thread = None
        self.text = widgets.Textarea(placeholder='{"rules": {"decks": 6}, "run": {...}}',
                                     layout=widgets.Layout(width="100%", height="260px"))
        self.upload = widgets.FileUpload(accept=".json", multiple=False,
                                         description="Load JSON")
        self.validate_button = widgets.Button(description="Validate", icon="check")
        self.submit_button = widgets.Button(description="Submit", button_style="primary",
                                            icon="play", disabled=manager is None)
        self.message = widgets.HTML()
        self.upload.observe(self._loaded, names="value")
        self.validate_button.on_click(lambda _: self.validate())
        self.submit_button.on_click(lambda _: click_submit(self, self.submit, self._enable))
        super().__init__([self.text, widgets.HBox([self.upload, self.validate_button,
                                                   self.submit_button]), self.message])

    def _loaded(self, change) -> None:
        files = change["new"]
        if files:
            content = files[0]["content"]
            self.text.value = bytes(content).decode("utf-8", errors="replace")
            self.validate()

    def parse(self) -> tuple[dict | None, str | None]:
        """The text as a complete config, or ``(None, message)`` naming what is wrong."""
        try:
            data = json.loads(self.text.value)
        except json.JSONDecodeError as exc:
            return None, f"JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        if not isinstance(data, (dict, str)):
            return None, f"config: must be a JSON object, got {type(data).__name__}"
        return check(data)

    def validate(self) -> dict | None:
        """Validate the text and show the outcome; the complete config or None."""
        config, error = self.parse()
        if error:
            self.message.value = errors_html(error)
            return None
        self.message.value = message_html(f"valid: {config.get('label', '')}", True)
        return config

    def _enable(self) -> None:
        self.submit_button.disabled = self.manager is None

    def submit(self):
        """Validate and submit; the :class:`~jost_engine.jobs.Job`, or None if refused."""
        return submit_config(self, self.validate())
