#!/usr/bin/env python3
"""Brings src/ValueCore/PublicAPI.Unshipped.txt in line with the code.

Builds the library, adds every symbol the PublicApiAnalyzers report as undeclared (RS0016) and drops every
declared symbol they report as gone (RS0017). Run it after changing the public API, then review the diff:
    python3 eng/update-public-api.py
"""
import re
import subprocess
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
lib = root / "src" / "ValueCore"
unshipped = lib / "PublicAPI.Unshipped.txt"

for _ in range(3):
    out = subprocess.run(["dotnet", "build", str(lib), "-nologo", "-clp:NoSummary"], capture_output=True, text=True).stdout
    add = set(re.findall(r"error RS0016: Symbol '(.+?)' is not part of the declared", out))
    gone = set(re.findall(r"error RS0017: Symbol '(.+?)' is part of the declared", out))
    if not add and not gone:
        break
    lines = [l for l in unshipped.read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    lines = sorted((set(lines) - gone) | add)
    unshipped.write_text("#nullable enable\n" + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"added {len(add)}, removed {len(gone)}")
errors = [l for l in out.splitlines() if " error " in l]
print("\n".join(sorted(set(errors))[:40]) or "build clean")
sys.exit(1 if errors else 0)
