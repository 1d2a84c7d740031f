"""Content for reference and evidence-note tests, written on top of the small fixture tree.

After `write_cited_content`, the fixture's Middle tier cites `smith` (twice) then `jones`:
smith is a document reference whose printed details are wrong (corrected by `smith-real`), and two
evidence notes sit beside sections of Basics and Middle.
"""

from pathlib import Path

from tests.conftest import write

SMITH_PRINTED = 'Smith, A. & Co. (2000). A <made-up> "test" paper. Test Journal & Letters, 1(1), 1-2.'

FILES = {
    "references/smith.md": f"""---
origin: document
number: 1
printed: {SMITH_PRINTED!r}
authors:
  - Smith, A.
year: 2000
title: A made-up test paper
journal: Test Journal & Letters
volume: "1"
issue: "1"
pages: 1-2
status: mismatch
status_note: "The real paper appeared in 2001 in another journal."
corrected_by: smith-real
see_also:
  - sjogren-2002
---
""",
    "references/smith-real.md": """---
origin: editors
authors:
  - Smith, A.
  - Sjögren, K.
year: 2001
title: The real test paper
journal: Real Journal
volume: "7"
issue: "3"
pages: 10-20
doi: "10.1000/real.7.10"
pmid: "12345"
status: as-printed-unverified
status_note: "Details from the check."
---
""",
    "references/sjogren-2002.md": """---
origin: editors
authors:
  - Sjögren, K.
year: 2002
title: A related paper
journal: Related Journal
pmid: "67890"
status: as-printed-unverified
status_note: "Authors to confirm."
---
""",
    "evidence/liver-makes-igf-1.md": """---
claim: "The liver makes IGF-1"
standing: supported-with-nuance
sections:
  - basics/introduction
  - middle/food
references:
  - smith-real
---
Mostly true for the blood [@smith-real]. Other tissues make it too [@smith-real; @sjogren-2002].
""",
    "evidence/deep-sleep-pulses.md": """---
claim: "Deep sleep brings growth hormone pulses"
standing: contested
sections:
  - middle/sleep
references: []
---
The link is clearest in men. Women have more daytime pulses.
""",
}


def write_cited_content(content_dir: Path) -> Path:
    for name, text in FILES.items():
        write(content_dir / name, text)
    return content_dir
