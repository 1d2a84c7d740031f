import datetime

import pytest

from igfapp.content_files import ContentError, FrontMatter, format_scalar, read_entry, split_sections
from tests.conftest import write


def test_front_matter_values_keep_their_lines(tmp_path):
    path = write(tmp_path / "x.md", "---\ntitle: T\nitems:\n  - a\n  - b\nwhen: 2026-01-02\n---\nBody\n")
    entry = read_entry(path)
    assert entry.front == {"title": "T", "items": ["a", "b"], "when": datetime.date(2026, 1, 2)}
    assert entry.line_of("title") == 2
    assert entry.line_of("items", 1) == 5
    assert entry.body == "Body"
    assert entry.body_line == 8


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("title: T\n", 1, "missing front matter"),
        ("---\ntitle: T\n", 1, "not closed"),
        ("---\ntitle: T\n  bad: [\n---\n", 3, "not valid YAML"),
        ("---\n- a list\n---\n", 2, "must be a mapping"),
        ("---\ntitle: A\ntitle: B\n---\n", 3, "duplicate key"),
    ],
)
def test_broken_front_matter_is_located(tmp_path, text, line, message):
    path = write(tmp_path / "x.md", text)
    with pytest.raises(ContentError) as excinfo:
        read_entry(path)
    assert excinfo.value.line == line
    assert message in excinfo.value.message
    assert str(excinfo.value).startswith(f"{path}:{line}: ")


def test_sections_are_split_at_level_two_headings(tmp_path):
    path = write(
        tmp_path / "a.md",
        "---\ntitle: A\n---\n\n## One {#one topic=overview}\nFirst.\n\n## Two? {#two topic=nutrition}\nSecond.\n",
    )
    sections = split_sections(read_entry(path))
    assert [(s.heading, s.anchor, s.topic, s.body, s.line) for s in sections] == [
        ("One", "one", "overview", "First.", 5),
        ("Two?", "two", "nutrition", "Second.", 8),
    ]


@pytest.mark.parametrize(
    "heading, message",
    [
        ("## No attributes", "needs '{#anchor topic=key}'"),
        ("## Bad {#Bad_Anchor topic=overview}", "anchor missing"),
        ("## No topic {#ok}", "no topic"),
        ("## Odd {#ok topic=overview colour=red}", "unknown heading attribute"),
    ],
)
def test_bad_section_headings_are_located(tmp_path, heading, message):
    path = write(tmp_path / "a.md", f"---\ntitle: A\n---\n{heading}\ntext\n")
    with pytest.raises(ContentError) as excinfo:
        split_sections(read_entry(path))
    assert excinfo.value.line == 4
    assert message in excinfo.value.message


@pytest.mark.parametrize(
    "value, expected",
    [
        ("plain words", "plain words"),
        ("needs: quoting", '"needs: quoting"'),
        ("#hash", '"#hash"'),
        ("yes", '"yes"'),
        ("123", '"123"'),
        ("Le Roith, D.", "Le Roith, D."),
        ("“curly” – ünïcode", '"“curly” – ünïcode"'),
        (7, "7"),
        (True, "true"),
        (datetime.date(2026, 11, 24), "2026-11-24"),
    ],
)
def test_scalars_are_written_so_they_read_back_identically(value, expected):
    import yaml

    assert format_scalar(value) == expected
    assert yaml.safe_load(f"k: {format_scalar(value)}")["k"] == value


def test_front_matter_writer_layout():
    text = FrontMatter().value("title", "A").items("tags", ["x", "y"]).items("none", []).document("Body")
    assert text == "---\ntitle: A\ntags:\n  - x\n  - y\nnone: []\n---\nBody\n"
