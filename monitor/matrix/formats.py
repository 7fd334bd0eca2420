"""The compliance matrix as Markdown, CSV, JSON, HTML or LaTeX (pure functions, no I/O)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from db.models import MARK_GLYPHS, MatrixCell
from monitor.config import Config

LATEX_GLYPHS = {
    "violates": r"$\times$",
    "upholds": r"$\checkmark$",
    "partial": r"$\bullet$",
    "none": "",
}


def matrix_grid(config: Config, cells: Sequence[MatrixCell]) -> list[list[str]]:
    """Rows of principle label + one mark per region, in config order."""
    marks = {(c.principle, c.region): c.mark for c in cells}
    return [
        [p.label_en, *[marks.get((p.id, r.id), "none") for r in config.regions]]
        for p in config.principles
    ]


def matrix_json(config: Config, cells: Sequence[MatrixCell]) -> list[dict[str, str]]:
    marks = {(c.principle, c.region): c.mark for c in cells}
    return [
        {"principle": p.id, "region": r.id, "mark": marks.get((p.id, r.id), "none")}
        for p in config.principles
        for r in config.regions
    ]


def render_matrix(config: Config, cells: Sequence[MatrixCell], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(matrix_json(config, cells), indent=2, ensure_ascii=False)
    header = ["principle", *[r.name_en for r in config.regions]]
    grid = matrix_grid(config, cells)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(grid)
        return out.getvalue().rstrip("\n")
    if fmt == "latex":
        return render_latex(config, grid)
    if fmt == "html":
        return render_html_table(header, grid)
    if fmt == "md":
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for row in grid:
            glyphs = [MARK_GLYPHS[m] for m in row[1:]]
            lines.append("| " + " | ".join([row[0], *glyphs]) + " |")
        return "\n".join(lines)
    raise ValueError(f"unknown matrix format {fmt!r}")


def render_html_table(header: Sequence[str], grid: list[list[str]]) -> str:
    from html import escape

    head = "".join(f"<th>{escape(c)}</th>" for c in header)
    rows = "".join(
        "<tr><th>"
        + escape(row[0])
        + "</th>"
        + "".join(f'<td class="{m}">{MARK_GLYPHS[m]}</td>' for m in row[1:])
        + "</tr>"
        for row in grid
    )
    return f'<table class="matrix">\n<tr>{head}</tr>\n{rows}\n</table>'


def render_latex(config: Config, grid: list[list[str]]) -> str:
    cols = "l" + "c" * len(config.regions)
    lines = [
        r"\begin{table}[t]",
        r"\centering",
        rf"\begin{{tabular}}{{{cols}}}",
        r"\hline",
        "Guideline & " + " & ".join(r.name_en for r in config.regions) + r" \\",
        r"\hline",
    ]
    for row in grid:
        label = row[0].replace("&", r"\&")
        lines.append(label + " & " + " & ".join(LATEX_GLYPHS[m] for m in row[1:]) + r" \\")
    lines += [
        r"\hline",
        r"\end{tabular}",
        r"\caption{Social credit systems against China's 2019 AI governance principles}",
        r"\end{table}",
    ]
    return "\n".join(lines)
