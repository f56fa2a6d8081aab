#!/usr/bin/env python3
"""Resolves a merge conflict in PublicAPI.Unshipped.txt by taking the union of both sides (then run update-public-api.py)."""
from pathlib import Path
p = Path(__file__).resolve().parent.parent / "src" / "ValueCore" / "PublicAPI.Unshipped.txt"
lines = [l for l in p.read_text(encoding="utf-8").splitlines()
         if l and not l.startswith(("<<<<<<<", "=======", ">>>>>>>", "#"))]
p.write_text("#nullable enable\n" + "\n".join(sorted(set(lines))) + "\n", encoding="utf-8")
