#!/usr/bin/env python3
"""Plots JMH JSON result files (java -jar benchmarks.jar ... -rf json -rff results.json).

Writes an SVG with bar charts on log scales, each bar the median of the measured iterations:
Fletcher32Benchmark run time per call, StartupBenchmark start-up per runtime and, when present, HookBenchmark
time per firing of the sched hook. Plain Python, no matplotlib (it is not installed on the build machines). Also
prints the Markdown tables: medians and ratios vs plainJava; the hook path vs baselineEvent; ScaleBenchmark.

Usage: python3 benchmarks/plot.py results.json [more.json ...] [out.svg]   (default out: benchmarks/results.svg)
A benchmark with parameters is named method[param=value] (e.g. threadCounter[compile=always]).
"""
import json
import math
import os
import sys
from xml.sax.saxutils import escape

# Display order and labels: ours first, then the JVM peers.
ORDER = ["plainJava", "interpreter", "jit", "chicoryInterpreter", "chicoryCompiled",
         "rhinoInterpreted", "rhinoCompiled", "jython"]
LABELS = {
    "plainJava": "plain Java",
    "interpreter": "femto4j interpreter",
    "jit": "femto4j compiled",
    "chicoryInterpreter": "Chicory interpreter",
    "chicoryCompiled": "Chicory compiled",
    "rhinoInterpreted": "Rhino interpreted",
    "rhinoCompiled": "Rhino compiled",
    "jython": "Jython",
    "interpreterFromElf": "femto4j interpreter, from ELF",
    "baselineEvent": "baseline: make the event",
    "baselineJavaCounter": "baseline: count in Java",
    "emptyFire": "empty hook, fire",
    "emptyTrigger": "empty hook, trigger by name",
}
COLOURS = {"plainJava": "#888888", "interpreter": "#1f77b4", "jit": "#1f77b4", "interpreterFromElf": "#1f77b4",
           "baselineEvent": "#888888", "baselineJavaCounter": "#888888"}
HOOK_COLOUR = "#1f77b4"
PEER_COLOUR = "#ff7f0e"


def medians(results, benchmark_class):
    """{method or method[param=value,...]: (median, unit)} for one benchmark class."""
    out = {}
    for r in results:
        cls, method = r["benchmark"].rsplit(".", 1)
        if cls.endswith("." + benchmark_class):
            metric = r["primaryMetric"]
            params = r.get("params") or {}
            if params:
                method += "[" + ",".join(f"{k}={v}" for k, v in sorted(params.items())) + "]"
            out[method] = (metric["scorePercentiles"]["50.0"], metric["scoreUnit"])
    return out


def label(m):
    base, _, params = m.partition("[")
    text = LABELS.get(base, base)
    return f"{text} [{params}" if params else text


def hook_table(hook):
    lines = ["| benchmark | median | vs `baselineEvent` |", "|---|---:|---:|"]
    base = hook.get("baselineEvent", (None, None))[0]
    for m in ordered(hook):
        v, unit = hook[m]
        ratio = f"{v / base:,.1f}×" if base else "–"
        lines.append(f"| `{m}` | {fmt(v)} {unit} | {ratio} |")
    return "\n".join(lines)


def scale_table(scale, containers=10_000):
    lines = ["| benchmark | median | per container |", "|---|---:|---:|"]
    for m in ordered(scale):
        v, unit = scale[m]
        if unit == "ops/s":
            per = f"{1e9 / v:,.0f} ns of wall time per run"
        elif m.startswith("install10k") and unit == "ms/op":
            per = f"{v * 1000 / containers:,.0f} us per install"
        else:
            per = "–"
        lines.append(f"| `{m}` | {fmt(v)} {unit} | {per} |")
    return "\n".join(lines)


def ordered(values):
    return [m for m in ORDER if m in values] + sorted(m for m in values if m not in ORDER)


def fmt(x):
    return f"{x:,.0f}" if x >= 100 else f"{x:,.1f}" if x >= 10 else f"{x:,.2f}"


def table(run, startup):
    lines = ["| runtime | run time, median | vs plain Java | start-up, median |",
             "|---|---:|---:|---:|"]
    base = run.get("plainJava", (None, None))[0]
    for m in ordered({**run, **startup}):
        t = f"{fmt(run[m][0])} {run[m][1]}" if m in run else "–"
        ratio = f"{run[m][0] / base:,.1f}×" if m in run and base else "–"
        s = f"{fmt(startup[m][0])} {startup[m][1]}" if m in startup else "–"
        lines.append(f"| {label(m)} (`{m}`) | {t} | {ratio} | {s} |")
    return "\n".join(lines)


def panel(title, values, x0, y0, width, height, hook_panel=False):
    """One horizontal bar chart on a log10 axis, as SVG elements."""
    names = ordered(values)
    if not names:
        return []
    unit = values[names[0]][1]
    lo = math.floor(math.log10(min(v for v, _ in values.values())))
    hi = math.ceil(math.log10(max(v for v, _ in values.values())))
    hi = max(hi, lo + 1)
    label_w, top, bar_h, gap = (260 if hook_panel else 150), 30, 18, 8
    plot_w = width - label_w - 60
    scale = lambda v: x0 + label_w + plot_w * (math.log10(v) - lo) / (hi - lo)
    el = [f'<text x="{x0}" y="{y0 + 16}" font-weight="bold">{escape(title)} ({escape(unit)}, log scale)</text>']
    axis_y = y0 + top + len(names) * (bar_h + gap)
    for e in range(lo, hi + 1):
        x = scale(10 ** e)
        el.append(f'<line x1="{x:.1f}" y1="{y0 + top - 4}" x2="{x:.1f}" y2="{axis_y}" stroke="#dddddd"/>')
        el.append(f'<text x="{x:.1f}" y="{axis_y + 14}" text-anchor="middle" font-size="11">{fmt(10 ** e)}</text>')
    for i, m in enumerate(names):
        v = values[m][0]
        y = y0 + top + i * (bar_h + gap)
        x_start = scale(10 ** lo)
        colour = COLOURS.get(m, HOOK_COLOUR if hook_panel else PEER_COLOUR)
        el.append(f'<text x="{x0 + label_w - 6}" y="{y + 13}" text-anchor="end" font-size="12">'
                  f'{escape(label(m))}</text>')
        el.append(f'<rect x="{x_start:.1f}" y="{y}" width="{max(scale(v) - x_start, 1):.1f}" height="{bar_h}" '
                  f'fill="{colour}"/>')
        el.append(f'<text x="{scale(v) + 4:.1f}" y="{y + 13}" font-size="11">{fmt(v)}</text>')
    return el


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    svgs = [a for a in argv[1:] if a.endswith(".svg")]
    out = svgs[0] if svgs else os.path.join(os.path.dirname(os.path.abspath(__file__)), "results.svg")
    results = []
    for name in argv[1:]:
        if name.endswith(".json"):
            with open(name) as f:
                results += json.load(f)
    run = medians(results, "Fletcher32Benchmark")
    startup = medians(results, "StartupBenchmark")
    hook = medians(results, "HookBenchmark")
    scale = medians(results, "ScaleBenchmark")
    width = 760
    h_run = 30 + len(run) * 26 + 40
    h_start = 30 + len(startup) * 26 + 40
    h_hook = 30 + len(hook) * 26 + 40 if hook else 0
    body = panel("Fletcher-32 over 360 bytes, time per call", run, 10, 10, width, h_run)
    body += panel("Start-up to ready to run, warm JVM", startup, 10, 20 + h_run, width, h_start)
    if hook:
        body += panel("sched hook, time per firing", hook, 10, 30 + h_run + h_start, width, h_hook, True)
    height = 40 + h_run + h_start + h_hook
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="13">',
           f'<rect width="{width}" height="{height}" fill="white"/>'] + body + ["</svg>"]
    with open(out, "w") as f:
        f.write("\n".join(svg) + "\n")
    print(table(run, startup))
    if hook:
        print("\n" + hook_table(hook))
    if scale:
        print("\n" + scale_table(scale))
    print(f"\nwrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
