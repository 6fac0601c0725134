#!/usr/bin/env python3
"""Checks `verify eval --json` from outside, against mpmath (an independent
arbitrary-precision library): every printed enclosure must contain the exact value.

Random expressions are built from the language's operations, kept inside their
domains by construction; each is evaluated by the checker at a random precision and
by mpmath at 400 significant digits. The decimal ends printed by the checker are
compared exactly (as fractions) with a 1e-380-wide interval around mpmath's value,
so an enclosure that misses the exact value by more than that fails the test.

Usage: eval_vs_mpmath.py PATH/TO/verify [COUNT] [SEED]
"""
import json
import random
import subprocess
import sys
from fractions import Fraction

import mpmath

mpmath.mp.dps = 400
SLACK = Fraction(1, 10**380)


def atom(rng):
    kind = rng.randrange(6)
    if kind == 0:
        n = rng.randint(-50, 50)
        return str(n), mpmath.mpf(n)
    if kind == 1:
        p, q = rng.randint(-99, 99), rng.randint(1, 99)
        return f"{p}/{q}", mpmath.mpf(p) / q
    if kind == 2:
        m, e = rng.randint(1, 9999), rng.randint(-30, 30)
        return f"{m}e{e}", mpmath.mpf(m) * mpmath.mpf(10) ** e
    if kind == 3:
        return "pi", +mpmath.pi
    if kind == 4:
        return "e", +mpmath.e
    return "l", mpmath.mpf(VARIABLE_VALUE)


VARIABLE_VALUE = 7  # bound with --set l=7


def expression(rng, depth):
    if depth == 0 or rng.random() < 0.25:
        return atom(rng)
    op = rng.randrange(14)
    a, va = expression(rng, depth - 1)
    if op < 4:
        b, vb = expression(rng, depth - 1)
        if op == 0:
            return f"({a} + {b})", va + vb
        if op == 1:
            return f"({a} - {b})", va - vb
        if op == 2:
            return f"({a} * {b})", va * vb
        # division by something bounded away from 0
        return f"({a} / (abs({b}) + 1/3))", va / (abs(vb) + mpmath.mpf(1) / 3)
    if op == 4:
        return f"sqrt(abs({a}) + 1/7)", mpmath.sqrt(abs(va) + mpmath.mpf(1) / 7)
    if op == 5:
        return f"log(abs({a}) + 1/5)", mpmath.log(abs(va) + mpmath.mpf(1) / 5)
    if op == 6:
        return f"exp(sin({a}))", mpmath.exp(mpmath.sin(va))
    if op == 7:
        return f"cos({a})", mpmath.cos(va)
    if op == 8:
        return f"asin({a} / (abs({a}) + 1))", mpmath.asin(va / (abs(va) + 1))
    if op == 9:
        return f"acos({a} / (abs({a}) + 2))", mpmath.acos(va / (abs(va) + 2))
    if op == 10:
        return f"atan({a})", mpmath.atan(va)
    if op == 11:
        return f"erf({a})", mpmath.erf(va)
    if op == 12:
        n = rng.randint(-3, 5)
        if n < 0:
            return f"(abs({a}) + 1)^({n})", (abs(va) + 1) ** n
        return f"({a})^{n}", va ** n
    return f"-{a}", -va


def main():
    binary = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261122
    rng = random.Random(seed)
    failures = 0
    checked = 0
    for case in range(count):
        text, exact = expression(rng, rng.randint(1, 5))
        if not mpmath.isfinite(exact) or abs(exact) > mpmath.mpf(10) ** 300:
            continue
        precision = rng.choice([24, 53, 64, 100, 128, 256, 512])
        run = subprocess.run(
            [binary, "eval", "--set", f"l={VARIABLE_VALUE}", "--precision", str(precision), "--json", "--", text],
            capture_output=True, text=True, timeout=60)
        if run.returncode != 0:
            failures += 1
            print(f"FAIL case {case}: exit {run.returncode} for {text!r}: {run.stderr.strip()}")
            continue
        report = json.loads(run.stdout)
        lower, upper = Fraction(report["lower"]), Fraction(report["upper"])
        value = Fraction(mpmath.nstr(exact, 395, min_fixed=-mpmath.inf, max_fixed=mpmath.inf).replace(" ", ""))
        checked += 1
        if not (lower <= value + SLACK and value - SLACK <= upper):
            failures += 1
            print(f"FAIL case {case}: {text!r} at {precision} bits: "
                  f"[{report['lower']}, {report['upper']}] misses {mpmath.nstr(exact, 50)}")
        if report.get("precision") != precision:
            failures += 1
            print(f"FAIL case {case}: reported precision {report.get('precision')} != {precision}")
    print(f"eval-vs-mpmath: {checked - failures if failures <= checked else 0} passed, {failures} failed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
