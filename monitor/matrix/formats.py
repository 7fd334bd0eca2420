"""The compliance matrix as Markdown, CSV, JSON, HTML or LaTeX (pure functions, no I/O).

Each format is a small class registered by name with `@register_format`; its docstring is
its user documentation (`scs-monitor kinds` prints it), and `scs-monitor matrix --format`
offers the registered names.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import ClassVar

from base.registry import Registry
from db.models import MARK_GLYPHS, MatrixCell
from monitor.config import Config
from monitor.errors import InvalidValueError
from monitor.matrix.labels import mark_legend

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


class MatrixFormat:
    """The base of every matrix format: `render` returns the whole matrix as text."""

    name: ClassVar[str] = ""

    def render(self, config: Config, cells: Sequence[MatrixCell]) -> str:
        raise NotImplementedError


#: the formats by name (`scs-monitor matrix --format NAME`), in the order they are offered
MATRIX_FORMATS: Registry[MatrixFormat] = Registry()
register_format = MATRIX_FORMATS.register


def matrix_format(name: str) -> MatrixFormat:
    """The format registered as `name`; InvalidValueError names the formats there are."""
    try:
        return MATRIX_FORMATS[name]
    except KeyError:
        problem = f"unknown matrix format (expected one of: {', '.join(MATRIX_FORMATS)})"
        raise InvalidValueError(problem, param="format", value=name) from None


def render_matrix(config: Config, cells: Sequence[MatrixCell], fmt: str) -> str:
    """The matrix in the format named `fmt`."""
    return matrix_format(fmt).render(config, cells)


def matrix_header(config: Config) -> list[str]:
    return ["principle", *[r.name_en for r in config.regions]]


@register_format("md")
class MarkdownFormat(MatrixFormat):
    """A Markdown table as the study prints it: a row per principle, a column per region,
    × violates, ✓ upholds, • partial, a blank cell for none; the legend under it."""

    def render(self, config: Config, cells: Sequence[MatrixCell]) -> str:
        header = matrix_header(config)
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for row in matrix_grid(config, cells):
            glyphs = [MARK_GLYPHS[m] for m in row[1:]]
            lines.append("| " + " | ".join([row[0], *glyphs]) + " |")
        return "\n".join([*lines, "", f"Marks: {mark_legend()}."])


@register_format("csv")
class CsvFormat(MatrixFormat):
    """CSV with a header row (principle, then the regions' names) and the marks written
    out: violates, upholds, partial, none."""

    def render(self, config: Config, cells: Sequence[MatrixCell]) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(matrix_header(config))
        writer.writerows(matrix_grid(config, cells))
        return out.getvalue().rstrip("\n")


@register_format("json")
class JsonFormat(MatrixFormat):
    """A JSON list of {"principle", "region", "mark"} by principle and region ids, mark one
    of violates, upholds, partial, none."""

    def render(self, config: Config, cells: Sequence[MatrixCell]) -> str:
        return json.dumps(matrix_json(config, cells), indent=2, ensure_ascii=False)


@register_format("html")
class HtmlFormat(MatrixFormat):
    """An HTML <table class="matrix">, each cell's class its mark (for styling) and its
    text the mark's glyph."""

    def render(self, config: Config, cells: Sequence[MatrixCell]) -> str:
        return render_html_table(matrix_header(config), matrix_grid(config, cells))


@register_format("latex")
class LatexFormat(MatrixFormat):
    """A LaTeX table environment (tabular, $\\times$, $\\checkmark$, $\\bullet$) with the
    study's caption, ready for \\input."""

    def render(self, config: Config, cells: Sequence[MatrixCell]) -> str:
        return render_latex(config, matrix_grid(config, cells))


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
