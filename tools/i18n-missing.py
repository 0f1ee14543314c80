#!/usr/bin/env python3
"""Lists interface texts that have no English translation in web/i18n/en.po.

Texts are the {{_ "..."}} of web/templates/*.html and the Indonesian string
literals passed to web_t(), web_fail() and the page helpers in src/web/*.c.
Exit status 1 when a template text is missing (the C texts are reported as a
warning, since their extraction is by pattern).
"""
import glob
import os
import re
import sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def po_ids(path):
    ids = set()
    cur = None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("msgid "):
            cur = eval(line[6:])
        elif line.startswith('"') and cur is not None:
            cur += eval(line)
        elif line.startswith("msgstr") and cur is not None:
            ids.add(cur)
            cur = None
    return ids


known = po_ids(os.path.join(root, "web/i18n/en.po"))
missing_tmpl = []
for f in sorted(glob.glob(os.path.join(root, "web/templates/*.html"))):
    for m in re.finditer(r'\{\{_ "((?:[^"\\]|\\.)*)"\}\}', open(f, encoding="utf-8").read()):
        text = m.group(1).replace('\\"', '"').replace("\\\\", "\\")
        if text not in known and text not in missing_tmpl:
            missing_tmpl.append(text)
missing_c = []
for f in sorted(glob.glob(os.path.join(root, "src/web/*.c"))):
    src = re.sub(r'"\s*\n\s*"', "", open(f, encoding="utf-8").read())
    for m in re.finditer(r'(?:web_t|web_fail|_form|_page)\([^"]*"((?:[^"\\]|\\.)+)"', src):
        text = m.group(1)
        if re.match(r"^[A-Z][a-z]", text) and " " in text and "%" not in text:
            if text not in known and text not in missing_c:
                missing_c.append(text)
for t in missing_tmpl:
    print("template: " + t)
for t in missing_c:
    print("c (warning): " + t)
print("i18n: %d passed, %d failed" % (len(known), len(missing_tmpl)))
sys.exit(1 if missing_tmpl else 0)
