"""Profiles: named pieces of a config, shipped as defaults or saved by users.

A profile is a JSON file ``<kind>/<name>.json`` holding ``name``, ``label``,
``notes`` (its source) and the piece itself under the key of its kind:

- ``rules``: ``{"rules": {...}}``, a casino game;
- ``strategies``: ``{"strategy": {...}}``, play, count and index plays;
- ``betting``: ``{"betting": {...}}``, ramp, wonging and bankroll;
- ``configs``: ``{"config": {...}}``, a whole config that may itself name
  profiles;
- ``studies``: ``{"study": {...}}``, a study spec (``docs/studies.md``).

The shipped defaults live in the top-level ``profiles/`` folder, installed as
the package ``jost_profiles`` so they are found from a checkout and from a
wheel alike. User profiles live in ``<workspace>/profiles/``; a user profile
never overwrites a default. A damaged file is reported with its path and
does not stop the other profiles from loading.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import JostError, ProfileError
from .jsonio import load_json_text, read_json_file
from .limits import LABEL_MAX, NOTES_MAX
from .private import private_dir, write_private_text

KINDS = {"rules": "rules", "strategies": "strategy", "betting": "betting",
         "configs": "config", "studies": "study"}
CONFIG_FIELDS = {"rules": "rules", "strategy": "strategies", "betting": "betting"}
NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
NAME_RULE = "lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, " \
            "at most 64"
DEFAULT_ROUNDS = 10_000_000  # run.rounds of a config made from a rules profile name


def workspace_dir() -> Path:
    """The workspace folder: ``$JOST_WORKSPACE``, else ``~/.jost``."""
    return Path(os.environ.get("JOST_WORKSPACE") or Path.home() / ".jost")


def default_profiles_dir() -> Path:
    """Folder of the shipped default profiles (checkout or installed wheel)."""
    return Path(str(resources.files("jost_profiles")))


@dataclass(frozen=True)
class Profile:
    """One profile file as listed: where it is and whether it loads."""

    kind: str
    name: str
    source: str          # "default" or "user"
    path: Path
    label: str = ""
    notes: str = ""
    error: str = ""      # why the file does not load, if it does not


class ProfileStore:
    """The shipped defaults plus the user's profiles in a workspace.

    Parameters
    ----------
    workspace : path, optional
        Workspace folder; ``$JOST_WORKSPACE`` or ``~/.jost`` when omitted.
    defaults : path, optional
        Folder of default profiles; the shipped ones when omitted.
    """

    def __init__(self, workspace: str | Path | None = None,
                 defaults: str | Path | None = None):
        self.defaults = Path(defaults) if defaults else default_profiles_dir()
        self.user = (Path(workspace) if workspace else workspace_dir()) / "profiles"

    def _check_kind(self, kind: str) -> None:
        if kind not in KINDS:
            raise ProfileError(f"profile kind: must be one of {', '.join(KINDS)}, got {kind!r}")

    def _read(self, path: Path, kind: str) -> dict:
        data = read_json_file(path, "profile", ProfileError)
        if not isinstance(data.get(KINDS[kind]), dict):
            raise ProfileError(f"profile {str(path)!r}: must be a JSON object with a "
                               f"{KINDS[kind]!r} object")
        return data

    def _file(self, root: Path, kind: str, name: str) -> Path:
        """``root/kind/name.json`` for a checked name; never a path outside ``root/kind``.

        Raises
        ------
        ProfileError
            When the name does not match ``[a-z0-9][a-z0-9._-]*`` (so ``..``,
            ``/`` and absolute paths are refused) or still resolves elsewhere.
        """
        self._check_kind(kind)
        if not isinstance(name, str) or not NAME.match(name):
            raise ProfileError(f"{KINDS[kind]} profile name: {NAME_RULE} "
                               f"([a-z0-9][a-z0-9._-]*), got {name!r}")
        folder = (root / kind).resolve()
        path = (folder / f"{name}.json").resolve()
        if path.parent != folder:
            raise ProfileError(f"{KINDS[kind]} profile name {name!r}: resolves outside "
                               f"the profiles folder {str(folder)!r}")
        return path

    def list(self, kind: str | None = None) -> list[Profile]:
        """Every profile, defaults first, each with its load error if any."""
        kinds = [kind] if kind else list(KINDS)
        found = []
        for k in kinds:
            self._check_kind(k)
            for source, root in (("default", self.defaults), ("user", self.user)):
                for path in sorted((root / k).glob("*.json")):
                    try:
                        data = self._read(path, k)
                        found.append(Profile(k, path.stem, source, path,
                                             str(data.get("label", "")),
                                             str(data.get("notes", ""))))
                    except ProfileError as exc:
                        found.append(Profile(k, path.stem, source, path, error=str(exc)))
        return found

    def path_of(self, kind: str, name: str) -> Path:
        """Path of a profile; a default wins over a user profile of the same name."""
        for root in (self.defaults, self.user):
            path = self._file(root, kind, name)
            if path.is_file():
                return path
        names = sorted({p.name for p in self.list(kind)})
        raise ProfileError(f"{KINDS[kind]} profile {name!r}: not found; known: "
                           f"{', '.join(names) or 'none'}")

    def show(self, kind: str, name: str) -> dict:
        """The whole profile file (name, label, notes and its piece)."""
        return self._read(self.path_of(kind, name), kind)

    def piece(self, kind: str, name: str) -> dict:
        """Just the config piece of a profile (e.g. the rules object)."""
        return self.show(kind, name)[KINDS[kind]]

    def save(self, kind: str, name: str, piece: dict, label: str = "", notes: str = "") -> Path:
        """Save a user profile; refuses a default's name or a bad name."""
        for field, text, limit in (("label", label, LABEL_MAX), ("notes", notes, NOTES_MAX)):
            if not isinstance(text, str) or len(text) > limit:
                raise ProfileError(f"profile {field}: must be text of at most {limit} "
                                   f"characters, got {_length(text)}")
        if self._file(self.defaults, kind, name).exists():
            raise ProfileError(f"{KINDS[kind]} profile {name!r}: is a shipped default and "
                               f"cannot be overwritten; save it under another name")
        path = self._file(self.user, kind, name)
        private_dir(path.parent)
        data = {"name": name, "label": label, "notes": notes, KINDS[kind]: piece}
        tmp = path.with_suffix(".json.tmp")
        write_private_text(tmp, json.dumps(data, indent=1) + "\n")
        tmp.replace(path)
        return path

    def delete(self, kind: str, name: str) -> None:
        """Delete a user profile; defaults cannot be deleted."""
        if self._file(self.defaults, kind, name).exists():
            raise ProfileError(f"{KINDS[kind]} profile {name!r}: is a shipped default and "
                               f"cannot be deleted")
        path = self._file(self.user, kind, name)
        if not path.exists():
            raise ProfileError(f"{KINDS[kind]} profile {name!r}: no user profile of that name")
        path.unlink()


def _length(text) -> str:
    """How long a text is, for a message that must not echo it."""
    return f"{len(text)} characters" if isinstance(text, str) else type(text).__name__


def hydrate(config: dict | str, store: ProfileStore | None = None) -> dict:
    """Resolve profile names in a config into the full JSON they stand for.

    Parameters
    ----------
    config : dict or str
        A config whose ``rules``, ``strategy`` or ``betting`` may be profile
        names, or the name of a ``configs`` profile.
    store : ProfileStore, optional
        Where to look; the default store when omitted.

    Returns
    -------
    dict
        The config with every name replaced (not yet validated). Without a
        label, validation gives the default label of the game it plays
        (:func:`jost_engine.config.default_label`), not the profile names.
    """
    store = store or ProfileStore()
    if isinstance(config, str):
        config = store.piece("configs", config)
    if not isinstance(config, dict):
        raise ProfileError(f"config: must be a JSON object or a profile name, got "
                           f"{type(config).__name__}")
    out = dict(config)
    for field, kind in CONFIG_FIELDS.items():
        value = out.get(field)
        if isinstance(value, str):
            out[field] = store.piece(kind, value)
    return out


def _found(store: ProfileStore, kind: str, name: str) -> bool:
    """Whether a profile of that kind and (valid) name exists."""
    try:
        store.path_of(kind, name)
    except ProfileError:
        return False
    return True


def _json_from_spec(spec: str, what: str, stdin=None) -> dict | None:
    """The JSON a spec holds itself: ``-`` (standard input), inline ``{...}`` or a file;
    None when the spec is a name (a profile to look up)."""
    if spec == "-":
        if stdin is None:
            raise JostError(f"{what}: '-' reads it from standard input, which is not "
                            f"available here")
        return load_json_text(stdin.read(), f"{what} from standard input")
    if spec.lstrip().startswith("{"):
        return load_json_text(spec, f"{what} (inline JSON)")
    if Path(spec).exists() or spec.endswith(".json") or os.sep in spec or "/" in spec:
        return read_json_file(spec, what)
    return None


def config_from_spec(spec: str, store: ProfileStore | None = None, stdin=None,
                     profile_names: dict | None = None) -> dict:
    """The config a user names on the command line (not yet hydrated).

    Parameters
    ----------
    spec : str
        One of: ``-`` (read the JSON from ``stdin``); inline JSON starting
        with ``{``; a JSON file; the name of a ``configs`` profile; the name
        of a ``rules`` profile (played with the defaults for
        :data:`DEFAULT_ROUNDS` rounds).
    store : ProfileStore, optional
        Where names are looked up; the default store when omitted.
    stdin : text stream, optional
        Read when ``spec`` is ``-``.
    profile_names : dict, optional
        ``{"rules" | "strategy" | "betting": profile name}`` that replace the
        config's own (``jost run --rules NAME``); None values are ignored.

    Returns
    -------
    dict
        The config, whose sections may still be profile names (see
        :func:`hydrate`).

    Raises
    ------
    JostError
        When the spec is none of these, with one line saying why.
    """
    store = store or ProfileStore()
    config = _json_from_spec(spec, "config", stdin)
    if config is None and _found(store, "configs", spec):
        config = store.piece("configs", spec)
    elif config is None and _found(store, "rules", spec):
        config = {"rules": spec, "run": {"rounds": DEFAULT_ROUNDS}}
    elif config is None:
        raise JostError(f"config: {spec!r} is neither a file nor a config or rules profile "
                        f"(see 'jost profiles list')")
    for field, name in (profile_names or {}).items():
        if field not in CONFIG_FIELDS:
            raise JostError(f"profile override: must be one of {', '.join(CONFIG_FIELDS)}, "
                            f"got {field!r}")
        if name:
            config = {**config, field: name}
    return config


def study_from_spec(spec: str, store: ProfileStore | None = None, stdin=None) -> dict:
    """The study spec a user names on the command line (not yet checked).

    Parameters
    ----------
    spec : str
        ``-`` (read it from ``stdin``), inline JSON starting with ``{``, a
        JSON file, or the name of a ``studies`` profile.

    Raises
    ------
    JostError
        When the spec is none of these, with one line saying why.
    """
    store = store or ProfileStore()
    study = _json_from_spec(spec, "study", stdin)
    if study is not None:
        return study
    if _found(store, "studies", spec):
        return store.piece("studies", spec)
    raise JostError(f"study: {spec!r} is neither a file, inline JSON nor a studies profile "
                    f"(see 'jost profiles list --kind studies')")
