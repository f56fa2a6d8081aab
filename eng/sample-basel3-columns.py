#!/usr/bin/env python3
"""Appends the Basel III columns (issue 20) to samples/loanbook.csv, deterministically (seed 20).

The first fifteen columns stay byte-identical: each line is kept as it is and the new fields are appended. Run once from
the repository root on the 15-column book (python3 eng/sample-basel3-columns.py); it refuses a book that already has the
columns. Then regenerate samples/loanbook.parquet with DuckDB (docs/loan-book.md, "The bundled sample book").

Shares drawn (docs/loan-book.md): mortgages all secured by residential real estate with an LTV; about a third of corporates
and SMEs secured (receivables, commercial real estate, other physical, financial with a haircut, cash), a few guaranteed
by a sovereign or a bank, some subordinated; external ratings on sovereigns, most banks and half the corporates (from the
PD); SCRA grades on unrated banks; half the banks large financial institutions; a third of card accounts transactors;
a few loans on F-IRB or the standardised approach; provisions on every defaulted loan and on a third of the others.
"""
import random
import sys

PATH = sys.argv[1] if len(sys.argv) > 1 else "samples/loanbook.csv"
NEW = ["large_fi", "qrre_transactor", "approach", "collateral_type", "collateral_value", "collateral_haircut", "seniority",
       "guarantor_pd", "guarantor_class", "guaranteed_amount", "rating", "scra_grade", "ltv", "provision"]
GRADES = [(0.0002, "AA"), (0.0004, "AA-"), (0.0007, "A+"), (0.001, "A"), (0.0015, "A-"), (0.0025, "BBB+"), (0.004, "BBB"),
          (0.006, "BBB-"), (0.01, "BB+"), (0.015, "BB"), (0.025, "BB-"), (0.04, "B+"), (0.07, "B"), (0.12, "B-"), (1.0, "CCC")]


def rating(pd):
    if pd >= 1.0:
        return "D"
    return next(g for limit, g in GRADES if pd < limit)


def num(x):
    return repr(round(x, 2))


def pick(rng, items):
    return items[int(rng.random() * len(items))]


def main():
    with open(PATH, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    head = lines[0].split(",")
    if "provision" in head:
        sys.exit(f"{PATH} already has the Basel III columns")
    col = {name: i for i, name in enumerate(head)}
    rng = random.Random(20)
    out = [lines[0] + "," + ",".join(NEW)]
    for line in lines[1:]:
        if not line:
            continue
        f = line.split(",")
        cls, ead, pd, lgd = f[col["asset_class"]], float(f[col["ead"]]), float(f[col["pd"]]), float(f[col["lgd"]])
        v = dict.fromkeys(NEW, "")
        u = rng.random()
        if cls in ("corporate", "sme"):
            if u < 0.35:
                kind = pick(rng, ["receivables", "commercial_real_estate", "commercial_real_estate", "other_physical", "financial", "cash"])
                v["collateral_type"] = kind
                v["collateral_value"] = num(ead * (0.3 + 0.9 * rng.random()))
                if kind == "financial":
                    v["collateral_haircut"] = num(0.05 + 0.2 * rng.random())
            if rng.random() < 0.08:
                v["guarantor_class"] = pick(rng, ["sovereign", "bank"])
                v["guarantor_pd"] = repr(round(0.0003 + 0.002 * rng.random(), 6))
                v["guaranteed_amount"] = num(ead * (0.3 + 0.7 * rng.random()))
            if rng.random() < 0.05:
                v["seniority"] = "subordinated"
            if cls == "corporate" and rng.random() < 0.5:
                v["rating"] = rating(pd)
            a = rng.random()
            v["approach"] = "firb" if a < 0.08 else "sa" if a < 0.13 else ""
        elif cls == "sovereign":
            v["rating"] = rating(pd)
        elif cls == "bank":
            v["large_fi"] = "true" if u < 0.5 else "false"
            if rng.random() < 0.9:
                v["rating"] = rating(pd)
            else:
                v["scra_grade"] = pick(rng, ["A", "B"])
        elif cls == "retail_mortgage":
            ltv = round(0.3 + 0.7 * rng.random(), 2)
            v["collateral_type"] = "residential_real_estate"
            v["ltv"] = repr(ltv)
            v["collateral_value"] = num(ead / ltv)
        elif cls == "retail_revolving":
            v["qrre_transactor"] = "true" if u < 0.35 else ""
        elif cls == "retail_other":
            if u < 0.2:
                v["collateral_type"] = "other_physical"
                v["collateral_value"] = num(ead * (0.5 + 0.7 * rng.random()))
        if pd >= 1.0:
            v["provision"] = num(ead * lgd * (0.5 + 0.5 * rng.random()))
        elif rng.random() < 0.33:
            v["provision"] = num(ead * pd * lgd * (0.5 + 1.5 * rng.random()))
        out.append(line + "," + ",".join(v[c] for c in NEW))
    with open(PATH, "w", encoding="utf-8", newline="") as f:
        f.write("\n".join(out) + "\n")


main()
