"""What people look at: terminal tables (rich) and the self-contained HTML comparison page.

Programs get JSON from the API objects' ``to_dict``; this module is only for eyes.
"""

from __future__ import annotations

import html
import re
import sys
from typing import Any

from .compare import Change, Comparison
from .model import SentencePrediction

CERTAINTY_STYLE = {"certain": "", "probable": "yellow", "possible": "magenta"}


def _console() -> Any:
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=140)


# -- predict -------------------------------------------------------------------------

def print_predictions(name: str, predictions: list[SentencePrediction]) -> None:
    """One article as a table: sentence, source (and origin), type, certainty, cues."""
    from rich.table import Table

    table = Table(title=name, show_lines=False, expand=True)
    table.add_column("#", no_wrap=True)
    table.add_column("sentence", ratio=5, overflow="fold")
    table.add_column("source", ratio=2, overflow="fold")
    table.add_column("type", no_wrap=True, min_width=12)
    table.add_column("certainty", no_wrap=True, min_width=9)
    table.add_column("cues", ratio=2, overflow="fold")
    for i, p in enumerate(predictions):
        if p.kind != "statement":
            table.add_row(str(i), f"[dim]{_escape(p.text)}[/dim]", "", f"[dim]{p.kind}[/dim]", "", "")
            continue
        source = _escape(p.source or "")
        if p.origin:
            source += f"\n[dim]citing {_escape(p.origin)} ({p.origin_type})[/dim]"
        cues = ", ".join([_escape(c) for c in p.attribution_cues] + [f"[italic]{_escape(c)}[/italic]" for c in p.hedge_cues])
        style = CERTAINTY_STYLE.get(p.certainty or "", "")
        certainty = f"[{style}]{p.certainty}[/{style}]" if style else (p.certainty or "")
        table.add_row(str(i), _escape(p.text), source, p.source_type or "", certainty, cues)
    _console().print(table)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# -- compare: terminal -----------------------------------------------------------------

def describe(change: Change) -> str:
    """One line a reader understands: "softer: 'as early as July' gains 'possibly'"."""
    if change.type == "certainty":
        cues = f" (A: {', '.join(change.a_cues) or 'no hedge'}; B: {', '.join(change.b_cues) or 'no hedge'})"
        return f"certainty {change.detail}: {change.a} → {change.b}{cues}"
    if change.type == "attribution":
        if change.detail == "lost":
            return f"attribution lost: {change.a} → stated without a named source"
        if change.detail == "gained":
            return f"attribution gained: no named source → {change.b}"
        return f"source changed: {change.a} → {change.b}"
    if change.type == "origin":
        return {"dropped": f"origin dropped: citing {change.a} → no origin",
                "added": f"origin added: → citing {change.b}",
                "changed": f"origin changed: citing {change.a} → citing {change.b}"}[change.detail]
    return f"figure differs: {change.a} → {change.b}"


def print_comparison(comparison: Comparison) -> None:
    """Aligned claims side by side, with what changed; then the claims only one side has."""
    from rich.table import Table

    table = Table(title=f"{comparison.a_name}  ⟷  {comparison.b_name}", expand=True, show_lines=True)
    table.add_column("A", ratio=4, overflow="fold")
    table.add_column("B", ratio=4, overflow="fold")
    table.add_column("sim", no_wrap=True)
    table.add_column("what changed", ratio=3, overflow="fold")
    for claim in comparison.aligned:
        a_text = "\n".join(f"[dim]{i}[/dim] {_escape(comparison.a[i].text)}" for i in claim.a)
        b_text = "\n".join(f"[dim]{j}[/dim] {_escape(comparison.b[j].text)}" for j in claim.b)
        changes = "\n".join(f"[bold yellow]{_escape(describe(c))}[/bold yellow]" for c in claim.changes) or "[dim]same[/dim]"
        table.add_row(a_text, b_text, f"{claim.similarity:.2f}", changes)
    for i in comparison.only_a:
        table.add_row(f"[cyan]{i} {_escape(comparison.a[i].text)}[/cyan]", "", "", "[cyan]only in A[/cyan]")
    for j in comparison.only_b:
        table.add_row("", f"[cyan]{j} {_escape(comparison.b[j].text)}[/cyan]", "", "[cyan]only in B[/cyan]")
    _console().print(table)
    counts = [f"{len(comparison.aligned)} aligned claims", f"{sum(bool(c.changes) for c in comparison.aligned)} changed",
              f"{len(comparison.only_a)} only in A", f"{len(comparison.only_b)} only in B"]
    _console().print(", ".join(counts))


# -- compare: HTML -----------------------------------------------------------------------

PAGE_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
header{padding:12px 20px;background:#263238;color:#fff}
header h1{font-size:18px;margin:0}
.summary{font-size:13px;opacity:.85}
.legend{font-size:13px;padding:8px 20px;background:#eceff1}
.cols{display:flex;gap:16px;padding:16px 20px}
.col{flex:1;background:#fff;border:1px solid #ddd;border-radius:6px;padding:12px 16px;min-width:0}
.col h2{font-size:15px;margin:0 0 8px;word-break:break-all}
.s{display:block;padding:4px 6px;margin:2px 0;border-left:4px solid transparent;border-radius:3px;scroll-margin:40vh}
.s.other{color:#999;font-size:13px}
.s.aligned{border-left-color:#90a4ae}
.s.changed{border-left-color:#ef6c00;background:#fff8e1}
.s.only{border-left-color:#00897b;background:#e0f2f1}
.s.hl,.s:target{outline:2px solid #1e88e5;background:#e3f2fd}
.tag{font-size:11px;color:#fff;background:#607d8b;border-radius:8px;padding:0 6px;margin-right:4px;text-decoration:none}
.s.changed .tag{background:#ef6c00}
.s.only .tag{background:#00897b}
.meta{display:block;font-size:12px;color:#666}
mark.chg{padding:0 2px;border-radius:2px}
mark.chg-certainty{background:#f8bbd0}
mark.chg-attribution{background:#ffe082}
mark.chg-origin{background:#c5e1a5}
mark.chg-figure{background:#b3e5fc}
table{border-collapse:collapse;margin:0 20px 24px;background:#fff;font-size:13px;width:calc(100% - 40px)}
td,th{border:1px solid #ddd;padding:4px 8px;vertical-align:top;text-align:left}
"""

PAGE_SCRIPT = """
document.querySelectorAll('.s[data-claim]').forEach(function(el){
  var group=document.querySelectorAll('.s[data-claim="'+el.dataset.claim+'"]');
  el.addEventListener('mouseenter',function(){group.forEach(function(g){g.classList.add('hl')})});
  el.addEventListener('mouseleave',function(){group.forEach(function(g){g.classList.remove('hl')})});
});
"""


def _marks_for(change: Change, side: str) -> list[tuple[str, str]]:
    """(text to highlight, change type) for one side of a change."""
    if change.type == "certainty":
        return [(c, "certainty") for c in (change.a_cues if side == "a" else change.b_cues)]
    if change.type == "figure":
        return [((change.a if side == "a" else change.b) or "", "figure")]
    value = change.a if side == "a" else change.b
    return [(re.sub(r" \([a-z_]+\)$", "", value), change.type)] if value else []


def _highlight(prediction: SentencePrediction, marks: list[tuple[str, str, str]]) -> str:
    """The sentence as HTML, each change's words wrapped in a <mark> titled with the change.
    Words not found in the sentence fall back to the source mention, a hedge, or the first
    word; a change whose words overlap another's adds its title to that mark."""
    text = prediction.text
    spans: list[list[Any]] = []  # [start, end, kind, titles]
    for needle, kind, title in marks:
        start = text.find(needle) if needle else -1
        for fallback in ([prediction.mention] if kind in ("attribution", "origin") else []) + prediction.hedge_cues:
            if start < 0 and fallback:
                needle, start = fallback, text.find(fallback)
        if start < 0:
            start, needle = 0, text.split(" ")[0]
        overlapping = next((span for span in spans if span[0] < start + len(needle) and start < span[1]), None)
        if overlapping is not None:
            overlapping[3].append(title)
        else:
            spans.append([start, start + len(needle), kind, [title]])
    out, cursor = [], 0
    for start, end, kind, titles in sorted(spans):
        out.append(html.escape(text[cursor:start]))
        out.append(f'<mark class="chg chg-{kind}" title="{html.escape(chr(10).join(titles))}">{html.escape(text[start:end])}</mark>')
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def _side_html(comparison: Comparison, side: str) -> str:
    predictions = comparison.a if side == "a" else comparison.b
    only = set(comparison.only_a if side == "a" else comparison.only_b)
    claim_of: dict[int, int] = {}
    marks: dict[int, list[tuple[str, str, str]]] = {}
    for k, claim in enumerate(comparison.aligned, 1):
        members = claim.a if side == "a" else claim.b
        for i in members:
            claim_of[i] = k
        for change in claim.changes:
            for needle, kind in _marks_for(change, side):
                target = next((i for i in members if needle and needle in predictions[i].text), None)
                if target is None:  # a lost/gained source or a dropped hedge: mark the side that has it
                    target = _fallback_sentence(predictions, members, change, side)
                if target is not None:
                    marks.setdefault(target, []).append((needle, kind, describe(change)))
    rows = []
    for i, p in enumerate(predictions):
        anchor = f'{side}-{i}'
        if p.kind != "statement" and i not in claim_of and i not in only:
            rows.append(f'<span class="s other" id="{anchor}">{html.escape(p.text)}</span>')
            continue
        meta = _meta(p)
        if i in claim_of:
            k = claim_of[i]
            changed = " changed" if comparison.aligned[k - 1].changes else ""
            partner = "b" if side == "a" else "a"
            first = (comparison.aligned[k - 1].b if side == "a" else comparison.aligned[k - 1].a)[0]
            rows.append(f'<span class="s aligned{changed}" id="{anchor}" data-claim="{k}"><a class="tag" href="#{partner}-{first}">'
                        f'claim {k}</a>{_highlight(p, marks.get(i, []))}{meta}</span>')
        else:
            rows.append(f'<span class="s only" id="{anchor}"><span class="tag">only {side.upper()}</span>{html.escape(p.text)}{meta}</span>')
    name = comparison.a_name if side == "a" else comparison.b_name
    return f'<div class="col" id="col-{side}"><h2>{side.upper()}: {html.escape(name)}</h2>{"".join(rows)}</div>'


def _fallback_sentence(predictions: list[SentencePrediction], members: list[int], change: Change, side: str) -> int | None:
    if change.type in ("attribution", "origin"):
        has = [i for i in members if predictions[i].source or predictions[i].origin]
        return (has or members)[0] if members else None
    return members[0] if members else None


def _meta(p: SentencePrediction) -> str:
    parts = []
    if p.source:
        parts.append(f"{p.source} ({p.source_type})")
    if p.origin:
        parts.append(f"citing {p.origin}")
    if p.certainty and p.certainty != "certain":
        parts.append(p.certainty)
    return f'<span class="meta">{html.escape(" · ".join(parts))}</span>' if parts else ""


def comparison_page(comparison: Comparison) -> str:
    """One self-contained HTML page: the two articles side by side, aligned claims linked
    (hover one to light up its partner; the tag jumps to it), changes highlighted."""
    rows = []
    for k, claim in enumerate(comparison.aligned, 1):
        if claim.changes:
            links = " ".join(f'<a href="#a-{i}">A{i}</a>' for i in claim.a) + " ⟷ " + " ".join(f'<a href="#b-{j}">B{j}</a>' for j in claim.b)
            items = "<br>".join(html.escape(describe(c)) for c in claim.changes)
            rows.append(f"<tr><td>claim {k}</td><td>{links}</td><td>{items}</td></tr>")
    changes_table = ("<table><tr><th>claim</th><th>sentences</th><th>what changed</th></tr>" + "".join(rows) + "</table>") if rows else ""
    changed = sum(bool(c.changes) for c in comparison.aligned)
    summary = (f"{len(comparison.aligned)} aligned claims, {changed} changed; "
               f"{len(comparison.only_a)} only in A, {len(comparison.only_b)} only in B")
    legend = ('<div class="legend">highlights: <mark class="chg chg-certainty">certainty</mark> '
              '<mark class="chg chg-attribution">attribution</mark> <mark class="chg chg-origin">origin</mark> '
              '<mark class="chg chg-figure">figure</mark> · orange bar: claim changed · green: only in one report</div>')
    title = f"attrib compare: {comparison.a_name} vs {comparison.b_name}"
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{PAGE_STYLE}</style></head><body>'
            f'<header><h1>{html.escape(title)}</h1><div class="summary">{summary}</div></header>{legend}'
            f'<div class="cols">{_side_html(comparison, "a")}{_side_html(comparison, "b")}</div>{changes_table}'
            f'<script>{PAGE_SCRIPT}</script></body></html>\n')
