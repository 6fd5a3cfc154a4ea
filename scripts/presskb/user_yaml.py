"""YAML that users write (topics.yml, front-matter, sidecars): what loading it can raise, and
that in one line."""

from __future__ import annotations

import yaml

# Besides YAMLError: a date that does not exist (YAML takes `2024-13-45` for a timestamp, then
# Python refuses the month) and nesting deeper than Python recurses (`[[[[...`). Both were
# tracebacks that stopped a whole build.
FAILURES = (yaml.YAMLError, ValueError, RecursionError)


def problem(error: Exception) -> str:
    """Why the YAML could not be loaded, in one line."""
    if isinstance(error, UnicodeDecodeError):
        return f"not UTF-8 text ({error.reason} at byte {error.start})"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    if isinstance(error, ValueError):
        return f"a date or time that does not exist ({error})"
    return " ".join(str(error).split())
