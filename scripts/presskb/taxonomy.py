"""The topic taxonomy (topics.yml): loaded and validated once, every problem named by key path.

    topics:
      - name: HiCM-188
        kind: product
        parent: HELP Therapeutics
        description: iPSC-derived cardiomyocyte therapy for heart failure.
        aliases:
          - HiCM188
          - {text: HELP, match_case: true}

The name and plain aliases match case-insensitively as whole words; an alias with
`match_case: true` matches only as written (so the company "HELP" but not the verb "help").
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from presskb import user_yaml
from presskb.errors import TaxonomyError
from presskb.slugs import slugify

_TOPIC_KEYS = ("name", "kind", "description", "parent", "aliases")
_ALIAS_KEYS = ("text", "match_case")
_KIND = re.compile(r"^[a-z][a-z-]*[a-z]$")

# Display order and labels of the usual kinds; any other kind is listed after them.
KIND_LABELS = {
    "company": "Companies",
    "product": "Products",
    "therapeutic-area": "Therapeutic areas",
    "technology": "Technologies",
    "person": "People",
    "organization": "Organizations",
}


@dataclass(frozen=True)
class Alias:
    text: str
    match_case: bool = False


@dataclass(frozen=True)
class Topic:
    name: str
    kind: str
    slug: str
    description: str = ""
    parent: str | None = None
    aliases: tuple[Alias, ...] = ()

    @property
    def patterns(self) -> tuple[Alias, ...]:
        """Everything that names this topic in text: its name first, then its aliases."""
        return (Alias(self.name), *self.aliases)


@dataclass(frozen=True)
class Taxonomy:
    topics: tuple[Topic, ...]

    def __post_init__(self):
        object.__setattr__(self, "_by_name", {topic.name: topic for topic in self.topics})

    def get(self, name: str) -> Topic:
        return self._by_name[name]

    def children(self, name: str) -> tuple[Topic, ...]:
        return tuple(topic for topic in self.topics if topic.parent == name)

    def kinds(self) -> list[str]:
        present = {topic.kind for topic in self.topics}
        return [kind for kind in KIND_LABELS if kind in present] + sorted(present - set(KIND_LABELS))


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind.replace("-", " ").capitalize())


def load(path: Path) -> Taxonomy:
    """Read and validate topics.yml. Raises `TaxonomyError` listing every problem."""
    shown = path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except FileNotFoundError:
        raise TaxonomyError(shown, ["file not found"]) from None
    except OSError as error:
        raise TaxonomyError(shown, [f"cannot be read ({error.strerror})"]) from None
    except user_yaml.FAILURES as error:
        raise TaxonomyError(shown, [f"not valid YAML: {user_yaml.problem(error)}"]) from None
    return validate(data, shown)


def validate(data: object, shown: str = "topics.yml") -> Taxonomy:
    problems: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list):
        raise TaxonomyError(shown, ["topics: required, a list of topics"])
    for key in data:
        if key != "topics":
            problems.append(f"{key}: unknown key (the file holds only 'topics')")
    topics = [
        topic
        for index, entry in enumerate(data["topics"])
        if (topic := _topic(entry, f"topics[{index}]", problems))
    ]
    _check_references(topics, problems)
    if problems:
        raise TaxonomyError(shown, problems)
    return Taxonomy(tuple(topics))


def _topic(entry: object, where: str, problems: list[str]) -> Topic | None:
    if not isinstance(entry, dict):
        problems.append(f"{where}: must be a mapping with name and kind")
        return None
    name = _string(entry, "name", where, problems, required=True)
    where = f"{where} ({name})" if name else where
    _unknown_keys(entry, _TOPIC_KEYS, where, problems)
    kind = _string(entry, "kind", where, problems, required=True)
    if kind and not _KIND.match(kind):
        problems.append(f"{where}.kind: {kind!r} must be lower-case words joined by '-'")
    description = _string(entry, "description", where, problems) or ""
    parent = _string(entry, "parent", where, problems)
    aliases = entry.get("aliases", [])
    if not isinstance(aliases, list):
        problems.append(f"{where}.aliases: must be a list")
        aliases = []
    parsed = tuple(
        alias
        for index, item in enumerate(aliases)
        if (alias := _alias(item, f"{where}.aliases[{index}]", problems))
    )
    if not (name and kind):
        return None
    return Topic(name, kind, slugify(name), description, parent, parsed)


def _alias(item: object, where: str, problems: list[str]) -> Alias | None:
    if isinstance(item, str) and item.strip():
        return Alias(item.strip())
    if isinstance(item, dict):
        _unknown_keys(item, _ALIAS_KEYS, where, problems)
        text = _string(item, "text", where, problems, required=True)
        match_case = item.get("match_case", False)
        if not isinstance(match_case, bool):
            problems.append(f"{where}.match_case: must be true or false")
        return Alias(text, match_case is True) if text else None
    problems.append(f"{where}: must be a non-empty string or a mapping with 'text'")
    return None


def _string(entry: dict, key: str, where: str, problems: list[str], required=False) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            problems.append(f"{where}.{key}: required")
        return None
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}.{key}: must be a non-empty string")
        return None
    return value.strip()


def _unknown_keys(entry: dict, allowed: tuple[str, ...], where: str, problems: list[str]):
    for key in entry:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
            problems.append(f"{where}.{key}: unknown key{hint}")


def _check_references(topics: list[Topic], problems: list[str]) -> None:
    by_name: dict[str, Topic] = {}
    by_slug: dict[str, str] = {}
    by_alias: dict[tuple[str, bool], str] = {}
    for index, topic in enumerate(topics):
        where = f"topics[{index}] ({topic.name})"
        if topic.name in by_name:
            problems.append(f"{where}.name: duplicate topic name")
            continue
        if topic.slug in by_slug:
            problems.append(f"{where}.name: same page name as {by_slug[topic.slug]!r}")
        by_name[topic.name] = topic
        by_slug[topic.slug] = topic.name
        for position, alias in enumerate(topic.patterns):
            key = (alias.text if alias.match_case else alias.text.casefold(), alias.match_case)
            owner = by_alias.setdefault(key, topic.name)
            if owner != topic.name:
                key_path = f"aliases[{position - 1}]" if position else "name"
                problems.append(f"{where}.{key_path}: {alias.text!r} already names {owner!r}")
    for index, topic in enumerate(topics):
        if topic.parent and topic.parent not in by_name:
            problems.append(f"topics[{index}] ({topic.name}).parent: unknown topic {topic.parent!r}")
    for index, topic in enumerate(topics):
        seen, current = {topic.name}, topic
        while current.parent in by_name:
            current = by_name[current.parent]
            if current.name in seen:
                problems.append(f"topics[{index}] ({topic.name}).parent: cycle through {current.name!r}")
                break
            seen.add(current.name)


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys instead of silently keeping the last."""

    def construct_mapping(self, node, deep=False):
        keys = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in keys:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            keys.add(key)
        return super().construct_mapping(node, deep)
