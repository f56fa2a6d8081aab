#!/usr/bin/env python3
"""Seeded generator of impairment inputs (impaired.csv, cashflows.csv) for end-to-end runs of `valuecore impair`.

Usage: impairment-input.py OUTDIR LOANS [--scenarios 5] [--flows 40] [--seed 20261128] [--messy]
Each loan has SCENARIOS scenarios x FLOWS dated cash flows (one cost and one collateral row per scenario, the rest
repayments), EIR given. --messy mixes in what a real file holds (shuffled rows, blank lines, CRLF, quoted fields,
remeasurement rows, unknown loans, unparsable values, rule breaks) to compare readers, not to benchmark.
"""
import random
import sys
from datetime import date, timedelta


def main():
    args = sys.argv[1:]
    out, n = args[0], int(args[1])
    opt = {"--scenarios": "5", "--flows": "40", "--seed": "20261128"}
    messy = "--messy" in args
    for k in opt:
        if k in args:
            opt[k] = args[args.index(k) + 1]
    ns, nf, rng = int(opt["--scenarios"]), int(opt["--flows"]), random.Random(int(opt["--seed"]))
    rep = date(2025, 12, 31)
    names = ["cure", "restructure", "sale", "liquidation", "workout", "write-down", "litigation", "other"]
    with open(f"{out}/impaired.csv", "w", newline="") as f:
        f.write("loan_id,carrying_amount,reporting_date,eir\n")
        for i in range(n):
            f.write(f"L{i:07d},{rng.randint(10_000, 5_000_000)}.{rng.randint(0, 99):02d},{rep.isoformat()},{rng.uniform(0.01, 0.13):.6f}\n")
            if messy and rng.random() < 0.01:
                f.write(rng.choice([f"L{i:07d},100,{rep},0.05\n", f"BADC{i},-5,{rep},0.05\n", f"BADD{i},5,31.12.2025,0.05\n",
                                    f"BADE{i},5,{rep},x\n", "\n", f"NOFLOW{i},7,{rep},0.05\n", f"\"Q,{i}\",9,{rep},0.04\n"]))
    with open(f"{out}/cashflows.csv", "w", newline="") as f:
        f.write("loan_id,scenario,probability,date,amount,kind,haircut,cost_to_sell" + (",as_of" if messy else "") + "\n")
        end = "\r\n" if messy else "\n"
        tail = "," if messy else ""
        for i in range(n):
            ps = [rng.random() + 0.05 for _ in range(ns)]
            total = sum(ps)
            ps = [p / total for p in ps]
            ps[-1] = 1.0 - sum(ps[:-1])
            rows = []
            for s in range(ns):
                d = rep
                for k in range(nf):
                    d = d + timedelta(days=rng.randint(30, 120))
                    if k == 0:
                        rows.append(f"L{i:07d},{names[s % len(names)]},{ps[s]!r},{d.isoformat()},-{rng.randint(100, 20_000)}.{rng.randint(0, 99):02d},cost,,{tail}")
                    elif k == nf - 1:
                        rows.append(f"L{i:07d},{names[s % len(names)]},{ps[s]!r},{d.isoformat()},{rng.randint(1_000, 900_000)}.{rng.randint(0, 99):02d},collateral,{rng.uniform(0, 0.6):.4f},{rng.randint(0, 5_000)}{tail}")
                    else:
                        rows.append(f"L{i:07d},{names[s % len(names)]},{ps[s]!r},{d.isoformat()},{rng.randint(100, 90_000)}.{rng.randint(0, 99):02d},repayment,,{tail}")
            if messy:
                r = rng.random()
                if r < 0.05:
                    rng.shuffle(rows)
                elif r < 0.06:
                    rows.append(f"L{i:07d},late,0.0,2027-01-31,10,repayment,,,2026-06-30")
                elif r < 0.07:
                    rows.append(f"GHOST{i},x,1,2027-01-31,10,repayment,,,")
                elif r < 0.08:
                    k = rng.randrange(len(rows))
                    fields = rows[k].split(",")
                    j = rng.choice([2, 3, 4, 5, 6, 7])
                    fields[j] = rng.choice(["", "abc", "2026-02-30", "-0.5", "1e999", "NaN", " 7 ", "\"3\"", "REPAYMENT", "0.5", "2019-01-01"])
                    rows[k] = ",".join(fields)
                elif r < 0.085:
                    rows.insert(rng.randrange(len(rows)), "")
                elif r < 0.09:
                    rows.append(f"\"L{i:07d}\",\"cure\",{ps[0]!r},2030-01-01,\"1\",repayment,,,")
                elif r < 0.095:
                    rows.insert(rng.randrange(len(rows)), f"L{i:07d},cure,0.5,2030-01-01,1,repayment,,,")
            f.write(end.join(rows) + end)


if __name__ == "__main__":
    main()
