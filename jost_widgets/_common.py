"""Small helpers shared by the widgets: messages, validation, figure images."""

from __future__ import annotations

import html
import io
import json
import threading

from jost_engine import registry
from jost_engine.errors import JostError


def message_html(text: str, ok: bool) -> str:
    """A one-line status message, green when ``ok`` else red."""
    color = "green" if ok else "#b00020"
    return f'<span style="color:{color}">{html.escape(text)}</span>'


def errors_html(error: str) -> str:
    """An error message as a list, one item per field (messages are joined by ``; ``)."""
    items = "".join(f"<li>{html.escape(part)}</li>" for part in str(error).split("; "))
    return f'<ul style="color:#b00020;margin:0">{items}</ul>'


def check(config) -> tuple[dict | None, str | None]:
    """Validate (and hydrate) a config with its simulation type's handler.

    Returns
    -------
    tuple
        ``(complete config, None)`` when valid, else ``(None, message)``.
    """
    try:
        return registry.validate(config), None
    except JostError as exc:
        return None, str(exc)


def pretty(data: dict) -> str:
    """A config as indented JSON."""
    return json.dumps(data, indent=1)


def figure_png(fig) -> bytes:
    """PNG bytes of a matplotlib figure, which is then cleared (its memory freed)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    fig.clear()
    return buffer.getvalue()


def announce_cluster_start(widget) -> None:
    """Say in ``widget.message`` that the cluster starts, when ``widget.manager`` has none yet."""
    if not widget.manager.connected:
        widget.message.value = message_html("starting the cluster... (a few seconds, once)",
                                            True)


def submit_config(widget, config: dict | None, project: str | None = None, tags=None):
    """Submit a checked config for a widget with ``manager``, ``message``, ``on_submit``.

    Sets ``widget.job`` and shows the outcome in ``widget.message``; calls
    ``widget.on_submit(job)`` on success. ``project`` and ``tags`` go to the
    job's metadata. Returns the job, or None if refused.
    """
    if config is None or widget.manager is None:
        return None
    announce_cluster_start(widget)
    try:
        widget.job = widget.manager.submit(config, project=project, tags=tags)
    except Exception as exc:  # noqa: BLE001 - shown to the user, not raised
        widget.message.value = errors_html(f"submit: {exc}")
        return None
    widget.message.value = message_html(f"submitted job {widget.job.id}", True)
    if widget.on_submit:
        widget.on_submit(widget.job)
    return widget.job


def click_submit(widget, submit, after) -> threading.Thread | None:
    """Run ``submit()`` for a click on ``widget.submit_button``, in a background thread.

    The button is disabled and ``widget.submitting`` set until the job is
    recorded (or refused), so clicks queued meanwhile submit nothing; then
    ``after()`` sets the button again. The thread is ``widget.submit_thread``.
    Returns it, or None for a click ignored.
    """
    if widget.submitting:
        return None
    widget.submitting = True
    widget.submit_button.disabled = True

    def run():
        try:
            submit()
        finally:
            widget.submitting = False
            after()

    widget.submit_thread = threading.Thread(target=run, name="jost-submit", daemon=True)
    widget.submit_thread.start()
    return widget.submit_thread
