"""The one-line errors a user sees are translated too (issue 16).

Two checks: a source scan that finds any typed-error raise whose message is an English literal
or f-string instead of ``translate("errors", ...)``, and real bad files read in Japanese, through
the library and through the CLI, whose message must be Japanese, one line, and name the file.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

from ph_assist import errors, i18n

PACKAGE = Path(__file__).resolve().parents[1] / "ph_assist"
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
#: The message slot of each typed error: ``InputError(path, problem)`` and ``PACSError(connection,
#: problem)`` take the message second (the first is a file, option or connection name).
TWO_ARGUMENTS = {name for name, cls in vars(errors).items()
                 if isinstance(cls, type) and issubclass(cls, (errors.InputError, errors.PACSError))}
ONE_ARGUMENT = {name for name, cls in vars(errors).items()
                if isinstance(cls, type) and issubclass(cls, errors.PHAssistError)} - TWO_ARGUMENTS
ONE_ARGUMENT |= {"StudyError", "AssessmentError"}
#: A raise whose message stays English says why on its first line (a Python API misuse, or a message
#: caught and replaced before a user sees it).
MARKER = "# untranslated:"




def _english_literal(node: ast.AST) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(node.value.strip())
    if isinstance(node, ast.BinOp):
        return _english_literal(node.left) or _english_literal(node.right)
    return False


def _untranslated_raises(package: Path = PACKAGE) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in TWO_ARGUMENTS:
                messages = node.exc.args[1:]
            elif name in ONE_ARGUMENT:
                messages = node.exc.args[:1]
            else:
                continue
            if any(_english_literal(m) for m in messages) and MARKER not in lines[node.lineno - 1]:
                found.append(f"{path.relative_to(package.parent).as_posix()}:{node.lineno}")
    return found


def test_every_typed_error_message_goes_through_translate():
    assert _untranslated_raises() == []


def test_the_scan_finds_an_english_message(tmp_path):
    bad = tmp_path / "ph_assist" / "bad.py"
    bad.parent.mkdir()
    bad.write_text('from ph_assist.errors import CXRReadError\n'
                   'def f(p, n):\n'
                   '    raise CXRReadError(p, f"image has {n} rows")\n'
                   '    raise CXRReadError(p, "ok")  # untranslated: never shown\n'
                   '    raise CXRReadError(p, translate("errors", "image has {n} rows").format(n=n))\n',
                   encoding="utf-8")
    assert _untranslated_raises(bad.parent) == ["ph_assist/bad.py:3"]


def _flat_png(path: Path) -> Path:
    from PIL import Image

    Image.fromarray(np.full((64, 64), 7, np.uint8)).save(path)
    return path


def test_reader_errors_in_japanese_and_english(tmp_path, japanese):
    from ph_assist.io import read_cxr, read_ecg
    from ph_assist.io.manifest import iter_manifest

    png = _flat_png(tmp_path / "flat.png")
    header = tmp_path / "rec.hea"
    header.write_text("this is not a WFDB header\n", encoding="utf-8")
    manifest = tmp_path / "cases.csv"
    manifest.write_text("nothing,useful\n1,2\n", encoding="utf-8")
    for read, path in ((read_cxr, png), (read_ecg, header), (lambda p: list(iter_manifest(p)), manifest)):
        with pytest.raises(errors.InputError) as ja:
            read(path)
        message = str(ja.value)
        assert str(path) in message and "\n" not in message
        assert JAPANESE.search(ja.value.problem), message
        with i18n.using_language("en"), pytest.raises(errors.InputError) as en:
            read(path)
        assert not JAPANESE.search(str(en.value)), str(en.value)
    with i18n.using_language("en"), pytest.raises(errors.CXRReadError,
                                                  match=r"image is constant \(every pixel is 7\): no contrast"):
        read_cxr(png)


def test_cli_error_line_in_japanese(tmp_path, capsys):
    from ph_assist.cli import main

    png = _flat_png(tmp_path / "flat.png")
    before = i18n.current_language()
    try:
        rc = main(["--lang", "ja", "inspect", str(png)])
    finally:
        i18n.set_language(before)
    err = capsys.readouterr().err.strip()
    assert rc != 0
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert str(png) in err and JAPANESE.search(err), err


def test_study_summary_tables_in_japanese_line_up(japanese):
    from ph_assist.presentation import display_width, pad_to_width

    assert display_width(pad_to_width("読影者", 10)) == 10
    assert display_width(pad_to_width("差", 8, ">")) == 8
    assert display_width(pad_to_width("正診率", 15, "^")) == 15
    for align in "<>^":  # ASCII pads exactly as a format spec (the English tables are unchanged)
        assert pad_to_width("accuracy", 15, align) == format("accuracy", f"{align}15")


def test_missing_bundle_is_recognised_by_type_not_by_english_words(tmp_path, japanese):
    from ph_assist.gui.main_window import bundle_problem_text
    from ph_assist.resources import load_default_bundle

    with pytest.raises(errors.BundleNotFoundError) as ja:
        load_default_bundle(tmp_path / "no-such-bundle")
    assert JAPANESE.search(ja.value.hint) and ja.value.hint in ja.value.problem
    with i18n.using_language("en"), pytest.raises(errors.BundleNotFoundError) as en:
        load_default_bundle(tmp_path / "no-such-bundle")
    line = bundle_problem_text(en.value)
    assert line == f"model bundle not found: {tmp_path / 'no-such-bundle'} — check the --bundle path"
    assert bundle_problem_text(ja.value).endswith(" — " + ja.value.hint)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_study_manifest_row_without_inputs_same_error_in_both_languages(tmp_path, lang):
    from ph_assist.study.protocol import read_manifest

    manifest = tmp_path / "cases.csv"
    manifest.write_text("case_id,ecg_path,cxr_path,bnp,bnp_unit,label\nC1,,,,,1\n", encoding="utf-8")
    with i18n.using_language(lang), pytest.raises(errors.ManifestError) as exc:
        read_manifest(manifest)
    expected = {"en": "has neither an ECG nor a chest X-ray", "ja": "心電図も胸部X線もありません"}[lang]
    assert expected in str(exc.value), str(exc.value)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_reader_window_leaves_out_the_readers_own_id_in_either_language(lang):
    from ph_assist.gui.reader_mode import reader_words
    from ph_assist.study.store import StudyError

    with i18n.using_language(lang):
        message = i18n.translate("errors", "reader {reader!r}: the session is paused; resume it first").format(
            reader="R1")
        shown = reader_words(str(StudyError(message)), "R1")
    assert "R1" not in shown and shown, shown
    assert bool(JAPANESE.search(shown)) == (lang == "ja")
