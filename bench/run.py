"""Benchmarks of dfx_unified.digifinex side by side with ccxt.digifinex, in one run.

    python bench/run.py                     # everything, 60 s rate run
    python bench/run.py --quick             # shorter rounds and runs
    python bench/run.py --only parsing      # parsing | latency | rate | sandbox
    python bench/run.py --seconds 300       # rate and sandbox runs of 5 minutes
    python bench/run.py --results bench/RESULTS.md   # also write the Markdown section

See bench/README.md for what each row measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import ccxt

import dfx_unified

SECTIONS = ("parsing", "latency", "rate", "sandbox")
GOALS = {
    "parsing": "bulk parsing at least 3x faster than ccxt.digifinex (ours/ccxt <= 0.33) with equal output",
    "latency": "per-call overhead within 1.2x the bare requests floor (ours/floor <= 1.2)",
    "rate": "at least 95% of the 1200/min weight budget used with zero bans",
}


def cpu_model() -> str:
    """The CPU model from /proc/cpuinfo (Linux), else what platform knows."""
    cpuinfo = Path("/proc/cpuinfo")
    text = cpuinfo.read_text() if cpuinfo.exists() else ""
    for line in text.splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown"


def machine() -> dict[str, str]:
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "ccxt": ccxt.__version__,
        "dfx_unified": dfx_unified.__version__,
        "cpu": cpu_model(),
        "cores": str(os.cpu_count()),
        "platform": platform.platform(),
    }


# ---------------------------------------------------------------- formatting
def _num(value: Any, unit: str) -> str:
    if value is None:
        return ""
    if unit == "ms":
        return f"{value * 1e3:.3f} ms"
    if unit == "us":
        return f"{value * 1e6:.0f} µs"
    if unit == "%":
        return f"{value * 100:.1f}%"
    if unit == "int":
        return f"{value:.0f}"
    return f"{value:,.1f}"


UNITS = {"parsing": "ms", "latency": "us", "sandbox": "/s"}


def table(results: list[dict[str, Any]]) -> list[list[str]]:
    header = ["section", "row", "dfx_unified", "ccxt.digifinex", "ours/ccxt", "floor", "ours/floor", "output / notes"]
    lines = [header]
    for r in results:
        unit = UNITS.get(r["section"], "/min")
        if r["section"] == "rate":
            unit = "%" if r["row"].startswith("budget used") else ("int" if r["row"].startswith("bans") else "/min")
        ratio = ""
        if isinstance(r.get("ours"), (int, float)) and isinstance(r.get("ccxt"), (int, float)) and r["ccxt"] and unit != "int":
            ratio = f"{r['ours'] / r['ccxt']:.2f}"
        floor = _num(r.get("floor"), unit) if r.get("floor") is not None else ""
        ours_floor = f"{r['ours'] / r['floor']:.2f}" if r.get("floor") else ""
        notes = r.get("output", "")
        if r.get("errors"):
            notes = "; ".join(f"{k} errors: {v or 'none'}" for k, v in r["errors"].items())
        ours_cell, ccxt_cell = _num(r.get("ours"), unit), _num(r.get("ccxt"), unit)
        lines.append([r["section"], r["row"], ours_cell, ccxt_cell, ratio, floor, ours_floor, notes])
    return lines


def print_table(lines: list[list[str]]) -> None:
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]) - 1)]
    for n, line in enumerate(lines):
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(line[:-1])]
        print("  ".join(cells) + "  " + line[-1])
        if n == 0:
            print("  ".join("-" * w for w in widths) + "  " + "-" * 14)


def goals(results: list[dict[str, Any]]) -> list[str]:
    verdicts = []
    parsing = [r for r in results if r["section"] == "parsing" and r.get("ours") is not None]
    if parsing:
        worst = max(parsing, key=lambda r: r["ours"] / r["ccxt"])
        unequal = [r["row"] for r in parsing if not r["output"].startswith("equal")]
        met = worst["ours"] / worst["ccxt"] <= 1 / 3 and not unequal
        verdicts.append(
            f"parsing: {'MET' if met else 'MISSED'} ({GOALS['parsing']}); slowest row ours/ccxt "
            f"{worst['ours'] / worst['ccxt']:.2f} ({worst['row']}); outputs not equal: {', '.join(unequal) or 'none'}"
        )
    latency = [r for r in results if r["section"] == "latency"]
    if latency:
        worst = max(latency, key=lambda r: r["ours"] / r["floor"])
        met = worst["ours"] / worst["floor"] <= 1.2
        verdicts.append(
            f"latency: {'MET' if met else 'MISSED'} ({GOALS['latency']}); worst ours/floor "
            f"{worst['ours'] / worst['floor']:.2f} ({worst['row']})"
        )
    rate = {r["row"].split(":")[0]: r for r in results if r["section"] == "rate"}
    if rate:
        share = rate["budget used"]["ours"]
        bans = rate["bans (10005 answers)"]["ours"]
        met = share >= 0.95 and bans == 0
        verdicts.append(f"rate: {'MET' if met else 'MISSED'} ({GOALS['rate']}); ours {share * 100:.1f}% with {bans} bans")
    return verdicts


def markdown(info: dict[str, str], lines: list[list[str]], verdicts: list[str], args: argparse.Namespace) -> str:
    out = ["## Benchmarks", ""]
    out.append(
        f"Measured {info['date']} on {info['cpu']} ({info['cores']} cores), Python {info['python']}, "
        f"ccxt {info['ccxt']}, dfx_unified {info['dfx_unified']}; `python bench/run.py"
        + (" --quick" if args.quick else "")
        + f" --seconds {args.seconds:g}`. One process run, both libraries on identical inputs. "
        "Parsing and latency cells are medians; ours/ccxt below 1 means dfx_unified is faster "
        "(parsing, latency) or, for the rate rows, sends less. See bench/README.md."
    )
    out.append("")
    out.append("| " + " | ".join(lines[0]) + " |")
    out.append("|" + "|".join("---" for _ in lines[0]) + "|")
    for line in lines[1:]:
        out.append("| " + " | ".join(cell.replace("|", "\\|") for cell in line) + " |")
    out.append("")
    out.append("Goals:")
    out.append("")
    out.extend(f"- {v}" for v in verdicts)
    out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer rounds and shorter runs (a smoke run, not a result)")
    parser.add_argument("--seconds", type=float, default=None, help="length of the rate and sandbox runs (default 60, quick 20)")
    parser.add_argument("--only", choices=SECTIONS, action="append", help="run one section (repeatable)")
    parser.add_argument("--seed", type=int, default=20240501, help="payload seed (random.Random)")
    parser.add_argument("--results", default=None, help="also write the Markdown '## Benchmarks' section to this file")
    args = parser.parse_args(argv)
    if args.seconds is None:
        args.seconds = 20.0 if args.quick else 60.0
    sections = args.only or list(SECTIONS)
    info = machine()
    print(f"dfx_unified {info['dfx_unified']} vs ccxt.digifinex (ccxt {info['ccxt']})")
    print(f"date {info['date']}  Python {info['python']}  CPU {info['cpu']}  cores {info['cores']}")
    print(f"sections: {', '.join(sections)}\n")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    results: list[dict[str, Any]] = []
    if "parsing" in sections:
        import parsing

        results += parsing.run(args.seed, 0.05 if args.quick else 0.2, 3 if args.quick else 7, log=log)
    if "latency" in sections:
        import latency
        from sandbox_proc import Sandbox

        with Sandbox(budget=10**12) as sandbox:
            results += latency.run(sandbox.url, sandbox.api_key, sandbox.secret, 100 if args.quick else 400, log=log)
    if "rate" in sections:
        import rate

        results += rate.run(args.seconds, log=log)
    if "sandbox" in sections:
        import throughput

        results += throughput.run(min(args.seconds, 30.0), log=log)
    lines = table(results)
    print()
    print_table(lines)
    verdicts = goals(results)
    print()
    for verdict in verdicts:
        print(verdict)
    if args.results:
        with open(args.results, "w") as handle:
            handle.write(markdown(info, lines, verdicts, args))
        print(f"\nwrote {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
