"""How the glossary linker's cost grows with the number of terms and with the length of the text.

Run: .venv/bin/python bench/bench_linker.py  [--repeat N]

The linker (igfapp/rendering.py) compiles every term and alias into one trie-shaped regular
expression, so its cost should grow linearly with the text and barely with the number of terms.
This script links the same 200 KB of HTML with 10 terms and with 1,000 terms and prints both times
and their ratio, plus 100 KB / 400 KB runs to show the growth with text length. For comparison it
also times the two obvious alternatives on the same text: one plain alternation `a|b|c|…` and a
loop with one regular expression per term.

Two kinds of text. Synthetic (deterministic pseudo-words made of the same syllables as the terms):
a hard case, since nearly every word shares a prefix with some term and the trie is walked deep at
every word. And the real tiers from content/ repeated to 200 KB, with the real glossary's names (10
of them, or all of them padded with pseudo-terms to 1,000). No database is needed.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from igfapp.content_files import read_entry, split_sections
from igfapp.rendering import GlossaryMatcher, link_glossary_terms, render_markdown

CONTENT = Path(__file__).resolve().parent.parent / "content"

SEED = 20261124
SYLLABLES = [
    "so",
    "ma",
    "to",
    "tro",
    "pin",
    "glu",
    "co",
    "cor",
    "ti",
    "sol",
    "hep",
    "at",
    "ic",
    "ki",
    "nase",
    "re",
    "cep",
    "tor",
    "an",
    "a",
    "bol",
    "ca",
    "ta",
    "lyt",
    "ne",
    "gen",
    "es",
    "is",
    "ly",
    "pro",
]


def pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def make_terms(count: int, rng: random.Random) -> dict[str, str]:
    """`count` distinct names (a quarter of them two-word phrases, some with digits and hyphens)."""
    names: dict[str, str] = {}
    while len(names) < count:
        name = pseudo_word(rng)
        roll = rng.random()
        if roll < 0.25:
            name += " " + pseudo_word(rng)
        elif roll < 0.35:
            name = name.upper()[:4] + "-" + str(rng.randint(1, 9))
        names.setdefault(name, f"term-{len(names)}")
    return names


def make_html(size: int, terms: list[str], rng: random.Random) -> str:
    """Paragraphs of pseudo-words with ~1 in 12 words a term, until `size` characters."""
    paragraphs, total = [], 0
    while total < size:
        words = [rng.choice(terms) if rng.random() < 1 / 12 else pseudo_word(rng) for _ in range(80)]
        paragraph = "<p>" + " ".join(words) + ".</p>\n"
        paragraphs.append(paragraph)
        total += len(paragraph)
    return "".join(paragraphs)[:size]


def real_content() -> tuple[str, dict[str, str]] | None:
    """The three tiers rendered to HTML (no links yet) and the real glossary's names, from content/."""
    articles, glossary = sorted((CONTENT / "articles").glob("*.md")), sorted((CONTENT / "glossary").glob("*.md"))
    if not articles or not glossary:
        return None
    html = "".join(render_markdown(section.body) for path in articles for section in split_sections(read_entry(path)))
    names: dict[str, str] = {}
    for path in glossary:
        entry = read_entry(path)
        for name in [entry.front["term"], *(entry.front.get("aliases") or [])]:
            names.setdefault(str(name), entry.slug)
    return html, names


def best_time(action, repeat: int) -> float:
    """Best of `repeat` runs, in seconds: the least disturbed by other work on the machine."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return min(runs)


def time_linking(matcher: GlossaryMatcher, html: str, repeat: int) -> float:
    return best_time(lambda: link_glossary_terms(html, matcher), repeat)


def plain_alternation(names) -> re.Pattern:
    ordered = sorted((re.escape(name.lower()) for name in names), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(ordered) + r")(?![\w-])", re.IGNORECASE)


def scan_all(pattern: re.Pattern, text: str) -> int:
    return sum(1 for _ in pattern.finditer(text))


def loop_over_terms(patterns: list[re.Pattern], text: str) -> int:
    return sum(1 for pattern in patterns for _ in pattern.finditer(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (the best is shown)")
    parser.add_argument("--no-comparison", action="store_true", help="skip the slow naive-matcher comparison")
    args = parser.parse_args()

    rng = random.Random(SEED)
    many = make_terms(1000, rng)
    few = dict(list(many.items())[:10])
    # Two texts of the same size: one naming only the 10 terms both glossaries share (both matchers
    # then find exactly the same links: the pure cost of knowing 990 more terms), and one naming
    # terms from all 1,000 (the big glossary finds, and writes, many more links).
    shared_html = make_html(200_000, list(few), rng)
    mixed_html = make_html(200_000, list(many), rng)

    url = "/glossary/{}/".format
    start = time.perf_counter()
    many_matcher = GlossaryMatcher(many, url)
    compile_many = time.perf_counter() - start
    few_matcher = GlossaryMatcher(few, url)

    rows = []
    for label, html in [("naming the 10 shared terms", shared_html), ("naming all 1,000 terms", mixed_html)]:
        rows.append(
            (label, time_linking(few_matcher, html, args.repeat), time_linking(many_matcher, html, args.repeat))
        )
    by_size = {
        size: time_linking(many_matcher, make_html(size, list(many), random.Random(size)), args.repeat)
        for size in (100_000, 200_000, 400_000)
    }

    print(f"Glossary linker benchmark (best of {args.repeat} runs, Python {sys.version.split()[0]})")
    print(f"Compiling the 1,000-term matcher: {compile_many * 1000:.1f} ms (once per import or save)")
    print()
    print("Linking 200 KB of HTML                  10 terms   1,000 terms   1,000 / 10")
    for label, t_few, t_many in rows:
        print(f"  {'text ' + label:<35} {t_few * 1000:7.1f} ms  {t_many * 1000:9.1f} ms  {t_many / t_few:9.2f} x")
    real = real_content()
    if real is not None:
        text, names = real
        real_html = (text * (200_000 // len(text) + 1))[:200_000]
        real_html = real_html[: real_html.rfind("</p>") + 4]  # end on a whole paragraph
        real_few = dict(list(names.items())[:10])
        padded = dict(names)  # the real glossary, padded with pseudo-terms to 1,000 names
        for name, slug in many.items():
            if len(padded) >= 1000:
                break
            padded.setdefault(name, slug)
        t_few = time_linking(GlossaryMatcher(real_few, url), real_html, args.repeat)
        t_many = time_linking(GlossaryMatcher(padded, url), real_html, args.repeat)
        label = f"the three tiers ({len(names)} real names)"
        print(f"  {label:<35} {t_few * 1000:7.1f} ms  {t_many * 1000:9.1f} ms  {t_many / t_few:9.2f} x")
    print()
    print("Linking with 1,000 terms, by text length")
    for size, seconds in by_size.items():
        print(f"  {size // 1000:>3} KB  {seconds * 1000:7.1f} ms")
    print(f"  400 KB / 100 KB = {by_size[400_000] / by_size[100_000]:.2f} x (linear growth = 4)")

    if args.no_comparison:
        return
    text = mixed_html.replace("<p>", "").replace("</p>", "")
    alternation = plain_alternation(many)
    one_each = [plain_alternation([name]) for name in many]
    print()
    print("For comparison: finding the 1,000 terms in the same 200 KB (matching only, no HTML)")
    print(
        f"  one trie-shaped regex (the linker)  {best_time(lambda: scan_all(many_matcher.regex, text), args.repeat) * 1000:9.1f} ms"
    )
    print(
        f"  one plain alternation a|b|c|...     {best_time(lambda: scan_all(alternation, text), args.repeat) * 1000:9.1f} ms"
    )
    print(
        f"  a loop, one regex per term          {best_time(lambda: loop_over_terms(one_each, text), 1) * 1000:9.1f} ms"
    )


if __name__ == "__main__":
    main()
