"""Translation of user-visible text, without Qt.

Every string a user reads (GUI, PDF report, the CLI's human-readable output) goes through
Qt's translation system. Widgets use ``self.tr("...")`` or
``QCoreApplication.translate("Context", "...")``; code that must not import Qt (the
presentation layer, the report, the CLI) calls :func:`translate` from this module with the
same ``(context, text)`` pair. ``pyside6-lupdate`` extracts both forms into the ``.ts``
files, so one catalogue serves every front end.

Write the source text in English, as a literal (lupdate cannot read f-strings), with named
placeholders filled afterwards::

    translate("report", "PH risk {risk}").format(risk=percent(p))

A module-level constant is marked with :func:`QT_TRANSLATE_NOOP` (lupdate extracts it) and
translated where it is shown, ``translate("presentation", PARTIAL_NOTE)``, so that it follows
the language chosen at run time.

The catalogues are ``ph_assist/i18n/ph_assist_<lang>.ts`` (Qt Linguist XML, kept in the
repository and reviewed like code) with their compiled ``.qm`` beside them; English is the
source language and needs no catalogue.  ``python -m ph_assist.i18n.build`` runs
``pyside6-lupdate`` over the sources and ``pyside6-lrelease``.  This module reads the ``.ts``
(with defusedxml), so the Qt-free front ends translate without importing Qt; the GUI installs
a ``QTranslator`` with the ``.qm`` of the same language (:func:`ph_assist.gui.launch.install_translators`).

The language: :func:`set_language` (``--lang``, the GUI's Language menu), else the
environment variable ``PH_ASSIST_LANG``, else the system locale (``LC_ALL``,
``LC_MESSAGES``, ``LANG``; Python's :mod:`locale` on Windows and macOS), else English.
"""

from __future__ import annotations

import contextlib
import functools
import locale
import os
import sys
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "CATALOGUE_DIR",
    "JAPANESE_FONT_FAMILY",
    "LANGUAGES",
    "QT_TRANSLATE_NOOP",
    "catalogue",
    "catalogue_path",
    "current_language",
    "detect_language",
    "explicit_language",
    "format_date",
    "format_datetime",
    "japanese_font_path",
    "normalize_language",
    "set_language",
    "translate",
    "using_language",
]

#: The interface languages: code -> its own name (as the Language menu shows it).
LANGUAGES: dict[str, str] = {"en": "English", "ja": "日本語"}
CATALOGUE_DIR = Path(__file__).resolve().parent
_SOURCE_LANGUAGE = "en"
_language: str | None = None
_explicit: str | None = None  # the language set_language was given (None: detected)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (Qt's name, which lupdate looks for)
    """Mark ``text`` for extraction into ``context`` and return it unchanged (translate it where shown)."""
    return text


def normalize_language(value: str | None) -> str | None:
    """``"ja_JP.UTF-8"`` -> ``"ja"``; ``None`` for a language PH-Assist has no catalogue for."""
    if not value:
        return None
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    if code in ("c", "posix"):
        return None
    return code if code in LANGUAGES else None


def detect_language() -> str:
    """The language the environment asks for: ``PH_ASSIST_LANG``, the locale, else English.

    The POSIX order is honoured: ``LC_ALL`` overrides ``LC_MESSAGES`` overrides ``LANG``; the
    first one set decides (``LANG=ja_JP.UTF-8`` with ``LC_ALL=C`` is English).  On Windows and
    macOS, where these are usually unset, Python's :func:`locale.getlocale` is asked.
    """
    forced = normalize_language(os.environ.get("PH_ASSIST_LANG"))
    if forced:
        return forced
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalize_language(value) or _SOURCE_LANGUAGE
    if sys.platform in ("win32", "darwin"):
        try:
            return normalize_language(locale.getlocale()[0]) or _SOURCE_LANGUAGE
        except (ValueError, TypeError):  # pragma: no cover - odd platform locale
            return _SOURCE_LANGUAGE
    return _SOURCE_LANGUAGE


def set_language(lang: str | None) -> str:
    """Use ``lang`` (``"en"``, ``"ja"``, ``"ja_JP"`` ...; ``None`` or ``"auto"``: detect it); the language used.

    Raises
    ------
    ValueError
        For a language without a catalogue.
    """
    global _language, _explicit
    if lang is None or lang == "auto":
        _language, _explicit = detect_language(), None
        return _language
    code = normalize_language(lang)
    if code is None:
        raise ValueError(f"language {lang!r} is not available (choose from {', '.join(LANGUAGES)})")
    _language = _explicit = code
    return code


def explicit_language() -> str | None:
    """The language :func:`set_language` was asked for (``--lang``), or ``None`` when it was detected."""
    return _explicit


def current_language() -> str:
    """The interface language in use (detected on first use unless :func:`set_language` chose it)."""
    global _language
    if _language is None:
        _language = detect_language()
    return _language


def catalogue_path(lang: str, suffix: str = ".ts") -> Path:
    """Where the catalogue of ``lang`` lives: ``ph_assist/i18n/ph_assist_<lang>.ts`` (or ``.qm``)."""
    return CATALOGUE_DIR / f"ph_assist_{lang}{suffix}"


@functools.lru_cache(maxsize=None)
def catalogue(lang: str) -> dict[tuple[str, str], str]:
    """The finished translations of ``lang``: ``{(context, source): translation}``.

    Unfinished, obsolete and vanished entries are left out (the English source shows instead),
    as ``lrelease`` leaves them out of the ``.qm``.
    """
    path = catalogue_path(lang)
    if lang == _SOURCE_LANGUAGE or not path.is_file():
        return {}
    from defusedxml import ElementTree

    root = ElementTree.parse(str(path)).getroot()
    table: dict[tuple[str, str], str] = {}
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is None or tr.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            source, text = msg.findtext("source") or "", tr.text or ""
            if text:
                table[(name, source)] = text
    return table


def translate(context: str, text: str) -> str:
    """Return ``text`` (English source) in the current interface language.

    Parameters
    ----------
    context : str
        Translation context, as in ``QCoreApplication.translate`` (for example
        ``"report"`` or ``"presentation"``).
    text : str
        The English source text, a literal.
    """
    lang = current_language()
    if lang == _SOURCE_LANGUAGE:
        return text
    return catalogue(lang).get((context, text), text)


def format_date(date: object) -> str:
    """A calendar date as the language writes it: ``2026-11-30`` (ISO 8601) or ``2026年11月30日``.

    Japanese clinical documents (紹介状, 検査報告書) write dates as 年月日 with Western years;
    the ISO form stays for English, where day/month order differs between readers.
    """
    y, m, d = date.year, date.month, date.day  # type: ignore[attr-defined]
    if current_language() == "ja":
        return f"{y}年{m}月{d}日"
    return f"{y:04d}-{m:02d}-{d:02d}"


def format_datetime(moment: object) -> str:
    """``2026-11-30 14:05`` or ``2026年11月30日 14:05`` (24-hour clock in both)."""
    return f"{format_date(moment)} {moment.hour:02d}:{moment.minute:02d}"  # type: ignore[attr-defined]


#: The font family of :func:`japanese_font_path` (IPAexGothic, IPA Font License v1.0).
JAPANESE_FONT_FAMILY = "IPAexGothic"


def japanese_font_path() -> Path | None:
    """The TrueType file of a Japanese font that PH-Assist depends on, or ``None`` if it is missing.

    IPAexGothic (``ipaexg.ttf``), shipped by the ``matplotlib-fontja`` package (MIT; the font
    under the IPA Font License v1.0, which allows embedding in documents).  The file is found
    without importing the package, whose import would change matplotlib's global defaults.
    A TrueType font (not CFF-flavoured OpenType such as Noto Sans CJK ``.otf``) because
    matplotlib's PDF backend embeds TrueType as Type 42 with its glyphs.
    """
    import importlib.util

    spec = importlib.util.find_spec("matplotlib_fontja")
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "fonts" / "ipaexg.ttf"
        if path.is_file():
            return path
    return None


@contextlib.contextmanager
def using_language(lang: str) -> Iterator[None]:
    """Within the block, :func:`translate` uses ``lang`` (e.g. English for a PDF's ASCII metadata)."""
    global _language, _explicit
    before, explicit_before = _language, _explicit
    set_language(lang)
    try:
        yield
    finally:
        _language, _explicit = before, explicit_before
