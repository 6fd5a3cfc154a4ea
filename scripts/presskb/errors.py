"""The error hierarchy. The CLI catches `PresskbError` and nothing else."""

from __future__ import annotations


class PresskbError(Exception):
    """Base of every error presskb reports to the user as one line."""


class TaxonomyError(PresskbError):
    """topics.yml is missing or invalid; carries every problem found, each with its key path."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__(f"{path}: " + "; ".join(problems))

    def __reduce__(self):  # sent from the process that ingests (presskb.pipeline.ingest_apart)
        return TaxonomyError, (self.path, self.problems)


class SeedError(PresskbError):
    """One seed cannot become an article. Other seeds still build."""

    def __init__(self, seed: str, reason: str):
        self.seed = seed
        self.reason = reason
        super().__init__(f"{seed}: {reason}")

    def __reduce__(self):  # pickled by the ingest cache and the worker processes
        return SeedError, (self.seed, self.reason)


class WriteError(PresskbError):
    """A generated file could not be written without harming something else."""


class BuildError(PresskbError):
    """The MkDocs build failed or reported warnings under --strict."""
