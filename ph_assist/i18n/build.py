"""Update the translation catalogues: ``python -m ph_assist.i18n.build [--check]``.

Runs ``pyside6-lupdate`` over every Python file of the package (new strings become
``unfinished`` entries in ``ph_assist/i18n/ph_assist_<lang>.ts``, vanished ones are dropped),
then ``pyside6-lrelease`` to compile each ``.ts`` into the ``.qm`` the GUI loads.  Source
locations are left out of the ``.ts`` (``-locations none``) so that a change of line numbers
elsewhere does not rewrite the catalogue: its diff shows only what a translator must review.

The compiled ``.qm`` files are committed: an installed PH-Assist needs no Qt tools at run
time, and ``tests/test_i18n.py`` recompiles them to check that they match their ``.ts``.

``--check``: change nothing; exit 1 and name the catalogues that lupdate or lrelease would
change (for CI and the tests).
"""

from __future__ import annotations

import argparse
import filecmp
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ph_assist.i18n import CATALOGUE_DIR, LANGUAGES

PACKAGE_DIR = CATALOGUE_DIR.parent
TARGETS = [lang for lang in LANGUAGES if lang != "en"]


def tool(name: str) -> str:
    """The path of a PySide6 tool (``pyside6-lupdate``), preferring the one beside this Python."""
    here = Path(sys.executable).parent / name
    found = str(here) if here.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found: install PySide6 (pip install PySide6-Essentials)")
    return found


def sources() -> list[Path]:
    """The Python files lupdate reads: the whole package, sorted (stable output)."""
    return sorted(p for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def lupdate(ts: Path, lang: str) -> None:
    """Refresh ``ts`` from the sources (keeps translations of unchanged strings)."""
    files = [str(p) for p in sources()]
    cmd = [tool("pyside6-lupdate"), *files, "-locations", "none", "-no-obsolete",
           "-source-language", "en", "-target-language", lang, "-ts", str(ts)]
    subprocess.run(cmd, check=True, capture_output=True, text=True)
    _strip_extracomments(ts)


def _strip_extracomments(ts: Path) -> None:
    """Drop the ``<extracomment>`` lines lupdate makes from ``#:`` comments.

    lupdate reads a Python ``#:`` comment as a note to translators (Qt's ``//:``) and attaches it
    to the next translatable string, but in this code base ``#:`` documents a module attribute
    (Sphinx), so the notes would mislead a translator.
    """
    text = ts.read_text(encoding="utf-8")
    cleaned = re.sub(r"\n *<extracomment>.*?</extracomment>", "", text, flags=re.S)
    if cleaned != text:
        ts.write_text(cleaned, encoding="utf-8")


def lrelease(ts: Path, qm: Path) -> None:
    """Compile ``ts`` into ``qm`` (finished translations only)."""
    subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True, capture_output=True, text=True)


def check() -> list[str]:
    """The catalogues that are not up to date with the sources or their ``.qm`` (empty when all are)."""
    stale = []
    with tempfile.TemporaryDirectory() as tmp:
        for lang in TARGETS:
            ts, qm = CATALOGUE_DIR / f"ph_assist_{lang}.ts", CATALOGUE_DIR / f"ph_assist_{lang}.qm"
            ts2, qm2 = Path(tmp) / ts.name, Path(tmp) / qm.name
            shutil.copy(ts, ts2)
            lupdate(ts2, lang)
            if ts2.read_bytes() != ts.read_bytes():
                stale.append(f"{ts.name}: the sources have strings it lacks or no longer use")
            lrelease(ts, qm2)
            if not qm.exists() or not filecmp.cmp(qm, qm2, shallow=False):
                stale.append(f"{qm.name}: not compiled from the current {ts.name}")
    return stale


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ph_assist.i18n.build", description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="change nothing; exit 1 if a catalogue is stale")
    args = ap.parse_args(argv)
    if args.check:
        stale = check()
        for line in stale:
            print(line, file=sys.stderr)
        return 1 if stale else 0
    for lang in TARGETS:
        ts, qm = CATALOGUE_DIR / f"ph_assist_{lang}.ts", CATALOGUE_DIR / f"ph_assist_{lang}.qm"
        lupdate(ts, lang)
        lrelease(ts, qm)
        print(f"{ts.relative_to(PACKAGE_DIR.parent)} and {qm.name} updated")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
