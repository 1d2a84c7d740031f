"""Reading and writing the files in content/: markdown with YAML front matter.

Every value read keeps the line it came from, so that any problem found later (an unknown topic, a
citation key that does not exist) can be reported as `file:line: message`.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

FRONT_MATTER_FENCE = "---"


class ContentError(Exception):
    """A problem in a content file, located to the line."""

    def __init__(self, path: Path | str, line: int, message: str):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{self.path}:{line}: {message}")


@dataclass
class EntryFile:
    """One content file: its front matter (with the line of each value) and its markdown body."""

    path: Path
    front: dict
    lines: dict[tuple, int]  # key path, e.g. ("references", 2), → 1-based line
    body: str
    body_line: int  # line where the body starts

    @property
    def slug(self) -> str:
        return self.path.stem

    def line_of(self, *key_path) -> int:
        """The line of a value, or of its nearest enclosing key that has one."""
        while key_path:
            if key_path in self.lines:
                return self.lines[key_path]
            key_path = key_path[:-1]
        return 1

    def error(self, message: str, *key_path) -> ContentError:
        return ContentError(self.path, self.line_of(*key_path), message)


# Front matter starts on the file's second line; YAML marks count from 0.
FRONT_LINE_OFFSET = 2


def _to_python(node: yaml.Node, path: tuple, lines: dict, file: Path):
    """Convert a composed YAML node into plain values, recording the file line of every node."""
    lines[path] = node.start_mark.line + FRONT_LINE_OFFSET
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in result:
                raise ContentError(file, key_node.start_mark.line + FRONT_LINE_OFFSET, f"duplicate key '{key}'")
            result[key] = _to_python(value_node, path + (key,), lines, file)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, path + (i,), lines, file) for i, item in enumerate(node.value)]
    # Scalars: let the safe loader decide the type (int, bool, date, str, null).
    return yaml.safe_load(yaml.serialize(node)) if node.tag != "tag:yaml.org,2002:str" else node.value


def read_entry(path: Path) -> EntryFile:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ContentError(path, 1, f"not valid UTF-8 ({exc.reason})") from exc
    all_lines = text.split("\n")
    if not all_lines or all_lines[0].rstrip() != FRONT_MATTER_FENCE:
        raise ContentError(path, 1, "missing front matter: the file must start with a line '---'")
    try:
        end = next(i for i in range(1, len(all_lines)) if all_lines[i].rstrip() == FRONT_MATTER_FENCE)
    except StopIteration:
        raise ContentError(path, 1, "front matter is not closed by a line '---'") from None
    front_text = "\n".join(all_lines[1:end])
    try:
        node = yaml.compose(front_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + FRONT_LINE_OFFSET if mark else FRONT_LINE_OFFSET
        problem = getattr(exc, "problem", None) or str(exc)
        raise ContentError(path, line, f"front matter is not valid YAML: {problem}") from None
    lines: dict[tuple, int] = {}
    if node is None:
        front = {}
    elif isinstance(node, yaml.MappingNode):
        front = _to_python(node, (), lines, path)
    else:
        raise ContentError(path, 2, "front matter must be a mapping of 'key: value' lines")
    body_lines = all_lines[end + 1 :]
    leading_blank = next((i for i, line in enumerate(body_lines) if line.strip()), len(body_lines))
    body = "\n".join(body_lines[leading_blank:]).rstrip("\n")
    # body_line is the file line of the body's first line, so body offsets map to file lines.
    return EntryFile(path=path, front=front, lines=lines, body=body, body_line=end + 2 + leading_blank)


# --- Sections of an article body ------------------------------------------------------------

HEADING_RE = re.compile(r"^## +(?P<heading>.+?)\s*\{(?P<attrs>[^{}]*)\}\s*$")
ANCHOR_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class SectionSource:
    heading: str
    anchor: str
    topic: str
    body: str
    line: int  # line of the heading in the file
    body_line: int
    caution: str = ""  # the editors' caution shown at its top (from the article's `cautions` list)
    caution_line: int = 0
    # Its "In plain words" summary (plain_words.py): points, their lines, evidence slugs with lines.
    plain_words: list[str] = field(default_factory=list)
    plain_words_lines: list[int] = field(default_factory=list)
    plain_evidence: list[tuple[str, int]] = field(default_factory=list)
    written_for: str = ""
    plain_words_line: int = 0


def split_sections(entry: EntryFile) -> list[SectionSource]:
    """Split an article body at its `## Heading {#anchor topic=key}` lines."""
    sections: list[SectionSource] = []
    current: SectionSource | None = None
    body_lines: list[str] = []
    for offset, line in enumerate(entry.body.split("\n")):
        line_no = entry.body_line + offset
        if line.startswith("## "):
            if current:
                current.body = "\n".join(body_lines).strip("\n")
            current = _parse_heading(entry.path, line, line_no)
            sections.append(current)
            body_lines = []
        elif current is None:
            if line.strip():
                raise ContentError(entry.path, line_no, "text before the first '## ' section heading")
        else:
            body_lines.append(line)
    if current:
        current.body = "\n".join(body_lines).strip("\n")
    return sections


def _parse_heading(path: Path, line: str, line_no: int) -> SectionSource:
    match = HEADING_RE.match(line)
    if not match:
        raise ContentError(path, line_no, "section heading needs '{#anchor topic=key}' after the text")
    attrs = dict.fromkeys(("anchor", "topic"), "")
    for token in match.group("attrs").split():
        if token.startswith("#"):
            attrs["anchor"] = token[1:]
        elif token.startswith("topic="):
            attrs["topic"] = token.removeprefix("topic=")
        else:
            raise ContentError(path, line_no, f"unknown heading attribute '{token}'")
    if not ANCHOR_RE.match(attrs["anchor"]):
        raise ContentError(path, line_no, "section anchor missing or not lower-case-with-hyphens")
    if not attrs["topic"]:
        raise ContentError(path, line_no, "section heading has no topic=key")
    return SectionSource(match.group("heading"), attrs["anchor"], attrs["topic"], "", line_no, line_no + 1)


# --- Writing (export) -------------------------------------------------------------------------

_PLAIN_SAFE_RE = re.compile(r"^[A-Za-z0-9(][^\n#:]*$")
# Characters YAML will not take literally inside a double-quoted scalar: what its reader rejects as
# non-printable, and the Unicode line breaks it would fold into spaces. Written as \uXXXX escapes.
_YAML_UNSAFE_RE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _double_quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar; escape what JSON leaves raw but YAML would not.
    return _YAML_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def format_scalar(value, *, quote: bool = False) -> str:
    """A YAML scalar that reads back as exactly `value`: plain where that is safe, unless `quote`."""
    if value is None:
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if not quote and _PLAIN_SAFE_RE.match(text) and text == text.strip():
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    return _double_quoted(text)


@dataclass
class FrontMatter:
    """Builds front matter in the canonical layout: keys in the order given, block lists.

    `quote=True` writes text in double quotes even where plain YAML would do: the content files
    quote their prose fields (definitions, summaries, notes) whatever they contain.
    """

    lines: list[str] = field(default_factory=list)

    def value(self, key: str, value, *, quote: bool = False) -> FrontMatter:
        self.lines.append(f"{key}: {format_scalar(value, quote=quote)}")
        return self

    def optional(self, key: str, value, *, quote: bool = False) -> FrontMatter:
        if value not in (None, "", [], ()):
            self.value(key, value, quote=quote)
        return self

    def items(self, key: str, values: list, *, quote: bool = False) -> FrontMatter:
        if not values:
            self.lines.append(f"{key}: []")
            return self
        self.lines.append(f"{key}:")
        self.lines.extend(f"  - {format_scalar(v, quote=quote)}" for v in values)
        return self

    def optional_items(self, key: str, values: list, *, quote: bool = False) -> FrontMatter:
        if values:
            self.items(key, values, quote=quote)
        return self

    def mappings(self, key: str, rows: list[dict], *, quoted: frozenset[str] = frozenset()) -> FrontMatter:
        """A block list of mappings; the fields named in `quoted` are always double-quoted."""
        if not rows:
            self.lines.append(f"{key}: []")
            return self
        self.lines.append(f"{key}:")
        for row in rows:
            for i, (name, value) in enumerate(row.items()):
                prefix = "  - " if i == 0 else "    "
                self.lines.append(f"{prefix}{name}: {format_scalar(value, quote=name in quoted)}")
        return self

    def document(self, body: str, *, blank_line: bool = False) -> str:
        """The whole file; `blank_line` puts an empty line between the front matter and the body."""
        text = "\n".join([FRONT_MATTER_FENCE, *self.lines, FRONT_MATTER_FENCE])
        body = body.strip("\n")
        if not body:
            return f"{text}\n"
        return f"{text}\n\n{body}\n" if blank_line else f"{text}\n{body}\n"
