"""`make readme`: README.rst from readme/*.md and __manifest__.py.

The shape of OCA's ``oca-gen-addon-readme`` (title, summary, badge, the
fragments as sections, Bug Tracker, Credits), with the standard library only:
the fragments are simple markdown (headings, paragraphs, bullet and numbered
lists, code spans, emphasis, links). The output depends on the files only,
so running it twice gives the same README.rst.

    python3 tools/readme_rst.py            # writes README.rst
    python3 tools/readme_rst.py --check    # exits 1 when README.rst is stale
"""

import argparse
import ast
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Fragment file, section title; in the order oca-gen-addon-readme uses.
SECTIONS = (
    ("DESCRIPTION.md", None),
    ("CONTEXT.md", "Use Cases / Context"),
    ("INSTALL.md", "Installation"),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
    ("HISTORY.md", "Changelog"),
)
# Heading adornments below a section ("=" is the sections' own), by depth.
SUB_ADORNMENTS = ("-", "~", "^")
LICENSE_BADGES = {
    "LGPL-3": ("LGPL--3", "http://www.gnu.org/licenses/lgpl-3.0-standalone.html"),
    "AGPL-3": ("AGPL--3", "http://www.gnu.org/licenses/agpl-3.0-standalone.html"),
    "GPL-3": ("GPL--3", "http://www.gnu.org/licenses/gpl-3.0-standalone.html"),
}

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
CODE = re.compile(r"`([^`]+)`")
LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
# Inline markup that a line break must not split: literals and links.
UNSPLIT = re.compile(r"(``.+?``|`[^`]+?<[^>]+>`__)")
WIDTH = 79


def inline(text):
    """Markdown inline markup as reStructuredText: code spans become
    literals, links anonymous hyperlinks; ``*em*`` and ``**strong**`` are
    written the same in both."""
    parts = []
    last = 0
    for match in CODE.finditer(text):
        parts.append(_inline_text(text[last : match.start()]))
        parts.append(f"``{match.group(1)}``")
        last = match.end()
    parts.append(_inline_text(text[last:]))
    return "".join(parts)


def _inline_text(text):
    text = text.replace("\\", "\\\\")
    return LINK.sub(lambda m: f"`{m.group(1)} <{m.group(2)}>`__", text)


def heading(title, char, overline=False):
    line = char * len(title)
    return [line, title, line] if overline else [title, line]


def parse(markdown):
    """Blocks of a markdown fragment: ("heading", level, text),
    ("item", indent, marker, text) and ("paragraph", indent, text)."""
    blocks = []
    current = None
    for line in markdown.splitlines():
        if not line.strip():
            current = None
            continue
        indent = len(line) - len(line.lstrip())
        match = HEADING.match(line)
        if match:
            blocks.append(("heading", len(match.group(1)), match.group(2)))
            current = None
            continue
        match = ITEM.match(line)
        if match:
            marker = "-" if match.group(2) in "-*+" else match.group(2)[:-1] + "."
            current = ["item", len(match.group(1)), marker, match.group(3)]
            blocks.append(current)
            continue
        if current is not None:
            # A line continuing the paragraph or the item above.
            current[-1] += " " + line.strip()
            continue
        current = ["paragraph", indent, line.strip()]
        blocks.append(current)
    return [tuple(block) for block in blocks]


def convert(markdown):
    """The reStructuredText lines of a markdown fragment; its shallowest
    heading level becomes a subsection of the fragment's section."""
    blocks = parse(markdown)
    levels = sorted({block[1] for block in blocks if block[0] == "heading"})
    out = []
    # Open list items: (markdown indent of the marker, indent of its text).
    items = []
    for block in blocks:
        if out:
            out.append("")
        if block[0] == "heading":
            items.clear()
            title = inline(block[2])
            out.extend(heading(title, SUB_ADORNMENTS[levels.index(block[1])]))
            continue
        indent = block[1]
        while items and items[-1][0] >= indent:
            items.pop()
        base = items[-1][1] if items else 0
        if block[0] == "paragraph":
            if not items:
                base = 0
            out.extend(_wrap(inline(block[2]), base))
            continue
        marker = block[2]
        lines = _wrap(inline(block[3]), base + len(marker) + 1)
        lines[0] = " " * base + marker + " " + lines[0].lstrip()
        out.extend(lines)
        items.append((indent, base + len(marker) + 1))
    return out


def _wrap(text, indent):
    """Words of ``text`` in lines of at most WIDTH characters (unless a word
    is longer), indented; literals and links are never split."""
    lines = []
    current = ""
    for word in _tokens(text):
        candidate = f"{current} {word}" if current else word
        if current and indent + len(candidate) > WIDTH:
            lines.append(" " * indent + current)
            current = word
        else:
            current = candidate
    lines.append(" " * indent + current)
    return lines


def _tokens(text):
    """``text`` split on spaces outside literals and links."""
    tokens = []
    glue = False  # the next piece continues the last token (no space between)
    for part in UNSPLIT.split(text):
        if not part:
            continue
        if UNSPLIT.fullmatch(part):
            if glue and tokens:
                tokens[-1] += part
            else:
                tokens.append(part)
            glue = True
            continue
        for index, word in enumerate(part.split(" ")):
            if index == 0 and glue and tokens:
                tokens[-1] += word
            elif word:
                tokens.append(word)
        glue = not part.endswith(" ")
    return [token for token in tokens if token]


def load_manifest():
    return ast.literal_eval((ROOT / "__manifest__.py").read_text(encoding="utf-8"))


def fragments():
    folder = ROOT / "readme"
    return {
        name: (folder / name).read_text(encoding="utf-8")
        for name, _title in SECTIONS + (("CONTRIBUTORS.md", None),)
        if (folder / name).exists()
    }


def digest(manifest, texts):
    """What the output is made of, as oca-gen-addon-readme records it."""
    sha = hashlib.sha256()
    for key in ("name", "summary", "version", "author", "website", "license"):
        sha.update(f"{key}={manifest.get(key, '')}\n".encode())
    for name in sorted(texts):
        sha.update(f"{name}\n".encode())
        sha.update(texts[name].encode())
    return sha.hexdigest()


def build():
    manifest = load_manifest()
    texts = fragments()
    website = manifest.get("website", "").rstrip("/")
    project = website.rsplit("/", 1)[-1] if website else ""
    out = heading(manifest["name"], "=", overline=True)
    banner = (
        "This file is generated by tools/readme_rst.py",
        "(make readme) from readme/*.md and the manifest:",
        "changes will be overwritten.",
    )
    bar = "   " + "!" * 56
    out += ["", "..", bar]
    out += [f"   !! {line:<50} !!" for line in banner]
    out += [bar, f"   !! source digest: sha256:{digest(manifest, texts)}", bar, ""]
    license_ = manifest.get("license")
    if license_ in LICENSE_BADGES:
        label, url = LICENSE_BADGES[license_]
        out += [
            f".. |badge1| image:: https://img.shields.io/badge/licence-{label}-blue.png",
            f"    :target: {url}",
            f"    :alt: License: {license_}",
            "",
            "|badge1|",
            "",
        ]
    if manifest.get("summary"):
        out += _wrap(f"**{' '.join(manifest['summary'].split())}**", 0) + [""]
    if "DESCRIPTION.md" in texts:
        out += convert(texts["DESCRIPTION.md"]) + [""]
    out += ["**Table of contents**", "", ".. contents::", "   :local:", ""]
    for name, title in SECTIONS:
        if title and name in texts:
            out += heading(title, "=") + [""]
            out += convert(texts[name]) + [""]
    out += heading("Bug Tracker", "=") + [""]
    if website.startswith("https://github.com/"):
        out += _wrap(
            f"Bugs are tracked on `GitHub Issues <{website}/issues>`__. In case "
            "of trouble, please check there if your issue has already been "
            "reported.",
            0,
        ) + [""]
    else:
        out += ["Bugs are reported to the authors.", ""]
    out += heading("Credits", "=") + [""]
    out += heading("Authors", "-") + [""]
    out += [f"- {author.strip()}" for author in manifest["author"].split(",")]
    out += [""]
    if "CONTRIBUTORS.md" in texts:
        out += heading("Contributors", "-") + [""]
        out += convert(texts["CONTRIBUTORS.md"]) + [""]
    if project:
        out += heading("Maintainers", "-") + [""]
        out += _wrap(
            f"This module is part of the `{project} <{website}>`__ project.", 0
        ) + [""]
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    text = build()
    target = ROOT / "README.rst"
    if args.check:
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            print("README.rst is not the output of tools/readme_rst.py: make readme")
            return 1
        return 0
    target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
