"""Exceptions the engine raises on bad input."""


class JostError(Exception):
    """Base of the errors JOST reports to a user as one clear line."""


class ConfigError(JostError, ValueError):
    """A config that does not validate; the message names the field path."""
