"""Write the demo site's PDF files (run by hand; the project does not depend on fpdf2).

    python -m venv /tmp/pdfvenv && /tmp/pdfvenv/bin/pip install fpdf2
    /tmp/pdfvenv/bin/python tools/make_demo_pdfs.py

Writes the PDFs into v1 (later versions inherit them) under monitor/demo/site/. The output
is deterministic (fixed creation date), so running it again without editing the texts below
changes nothing. Texts are Latin-1 only: the core PDF fonts cannot show anything else. They
are written for this project.

This script lives outside the package, so the wheel does not ship it; the PDFs' creator field
still names its old place (demo_site/tools/make_pdfs.py), so their bytes stay the same.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from fpdf import FPDF

SITE = Path(__file__).resolve().parent.parent / "monitor" / "demo" / "site"
CREATED = datetime(2019, 1, 15, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Doc:
    path: str
    running_head: str
    first_page: int
    title: str
    byline: str
    text: str  # paragraphs separated by blank lines; "# " starts a heading

    def blocks(self) -> list[tuple[str, str]]:
        """("h", heading) and ("p", paragraph) pairs, paragraphs joined onto one line."""
        out = []
        for chunk in self.text.strip().split("\n\n"):
            flat = " ".join(chunk.split())
            out.append(("h", flat[2:]) if flat.startswith("# ") else ("p", flat))
        return out


BLOMBERG = Doc(
    path="mappingchina.org/wp-content/uploads/2019/01/MCJ-No-2-2018-Blomberg.pdf",
    running_head="Mapping China Journal, No. 2 (2018)",
    first_page=1,
    title="The Social Credit System and China's Rule of Law",
    byline="Marianne von Blomberg",
    text="""
# Abstract

Reports on China's social credit system often treat it as a tool that stands outside the
law. This article reads it the other way round: as an attempt to make existing rules
bite, by joining up records that courts, regulators and city governments already keep.
The local schemes show how far that attempt reaches, and where it stops.

# 1. Enforcement by other means

Chinese courts have long struggled to enforce their own judgments. Listing debtors who
ignore a ruling, and barring them from luxury spending, was the first step towards a
wider system of consequences that now spans many agencies.

# 2. Local experiments

Cities were asked to pilot their own schemes, and they chose very different designs.
Some award points for volunteering; others do little more than publish lists.

# 2.1 Shenzhen

In Shenzhen, frequent traffic violations lead to restrictions on consumption and on
loans for the people concerned. Shenzhen's system is limited to the public shaming of
individuals who violate traffic rules: their names and photos are shown on screens and
on a police website. No information is available on rewards in Shenzhen.

# 2.2 What the pilots share

Across the pilots, the records that count are overwhelmingly public ones: court
judgments, administrative penalties, unpaid fees. Private data appears far less often
than foreign reporting suggests, and where it does, it is usually through agreements
with a few large platforms rather than by default.

The pilots also share a habit of announcing measures before the rules behind them are
written. Many press releases promise rewards or restrictions that no published document
yet provides for, which makes it hard to say what is actually in force.

# 3. Conclusion

The social credit system is better understood as a set of enforcement techniques than as
a single score. Its reach depends on the rules each locality writes, and those rules
deserve the same scrutiny as any other law.

[Demo document written for scs-monitor; not the author's text.]
""",
)

LIU = Doc(
    path="econsoc.mpifg.de/archive/econsoc_21-1.pdf",
    running_head="economic sociology_the european electronic newsletter, Volume 21, Number 1",
    first_page=22,
    title="Multiple Social Credit Systems in China",
    byline="Chuncheng Liu, University of California San Diego",
    text="""
# Introduction

There is no one social credit system in China. There are several, run by different
authorities for different ends: financial credit scores built by private firms,
blacklists kept by courts and regulators, and city schemes that score residents.

# Financial and platform scores

The best-known scores in China come from technology companies and were built to decide
who may borrow or rent without a deposit. They are commercial products, governed by
contract and by the rules on personal information, and they are distinct from the
government systems discussed below.

# Court and regulatory blacklists

Blacklists name companies and people who have broken specific obligations, such as
ignoring a court order. Being listed triggers restrictions agreed between many agencies.
Listing follows a decision about a particular case, not a score.

# Local government systems

City schemes are bound by local rules that say what may and may not be gathered. The
rules differ from city to city, and some are stricter than the national guidance.

# Shanghai

In Shanghai, collecting data on socioeconomic and biological characteristics is
prohibited. The city's 2017 regulations forbid the gathering of information such as
income, religious belief, genes, fingerprints, blood type or medical history for credit
purposes.

# Conclusion

Treating these systems as one makes it hard to see what each does. Comparing them one by
one shows a patchwork of rules, goals and data sources.

[Demo document written for scs-monitor; not the author's text.]
""",
)

ECONSOC_20_3 = Doc(
    path="econsoc.mpifg.de/archive/econsoc_20-3.pdf",
    running_head="economic sociology_the european electronic newsletter, Volume 20, Number 3",
    first_page=1,
    title="Markets for the Future: Editorial",
    byline="The editors",
    text="""
This issue gathers work on how markets price what has not happened yet: insurance,
futures and forecasts. The contributions look at who makes these prices and who bears
their mistakes.

[Demo document written for scs-monitor.]
""",
)

DOCS = [BLOMBERG, LIU, ECONSOC_20_3]


class Paper(FPDF):  # type: ignore[misc,unused-ignore]  # fpdf2 is not installed with the project
    def __init__(self, doc: Doc) -> None:
        super().__init__(format="A4")
        self.doc = doc
        self.set_creation_date(CREATED)
        self.set_title(doc.title)
        self.set_author(doc.byline)
        self.set_creator("scs-monitor demo_site/tools/make_pdfs.py")
        self.set_auto_page_break(auto=True, margin=20)

    def header(self) -> None:
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 8, self.doc.running_head, align="C")
        self.ln(12)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 8)
        self.cell(0, 8, str(self.doc.first_page + self.page_no() - 1), align="C")


def render(doc: Doc) -> bytes:
    pdf = Paper(doc)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 8, doc.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.multi_cell(0, 7, doc.byline, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for kind, text in doc.blocks():
        if kind == "h":
            pdf.set_font("Helvetica", "B", 12)
            pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        else:
            pdf.set_font("Times", "", 11)
            pdf.multi_cell(0, 5.5, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
    return bytes(pdf.output())


def main() -> int:
    # Later versions inherit v1's files (their _routes.yaml names `base: v1`), PDFs included.
    for doc in DOCS:
        data = render(doc)
        for version in [SITE / "v1"]:
            target = version / doc.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(f"wrote {target.relative_to(SITE)} ({len(data)} bytes)")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
