#!/usr/bin/env python3
"""Resolves a merge conflict in CommandTable.cs by keeping the commands of both sides (version last)."""
import re
from pathlib import Path
p = Path(__file__).resolve().parent.parent / "src" / "ValueCore.Cli" / "Commands" / "CommandTable.cs"
s = p.read_text(encoding="utf-8")
s = re.sub(r"<<<<<<< [^\n]*\n(.*?)=======\n(.*?)>>>>>>> [^\n]*\n", lambda m: m.group(1) + m.group(2), s, flags=re.S)
lines = s.split("\n")
seen, out = set(), []
for l in lines:
    t = l.strip()
    if t.endswith(",") and (t.startswith(("RarocCommand", "SampleCommand")) or "Command." in t):
        if t in seen or t.startswith("VersionCommand"):
            continue
        seen.add(t)
    out.append(l)
s = "\n".join(out).replace("    ];", "        VersionCommand.Spec,\n    ];")
p.write_text(s, encoding="utf-8")
