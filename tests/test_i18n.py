"""Translations (issue 16): complete catalogues, compiled catalogues up to date, the Qt-free
translate, a Japanese main window without English labels, and a Japanese PDF with its font."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ph_assist import i18n
from ph_assist.i18n import build

REPO = Path(__file__).resolve().parents[1]
TS = i18n.catalogue_path("ja")
QM = i18n.catalogue_path("ja", ".qm")
PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)?[^{}]*\}")

needs_lupdate = pytest.mark.skipif(shutil.which("pyside6-lupdate") is None
                                   and not (Path(sys.executable).parent / "pyside6-lupdate").exists(),
                                   reason="pyside6-lupdate not installed")




def _messages() -> list[tuple[str, str, str | None, str | None]]:
    from defusedxml import ElementTree

    root = ElementTree.parse(str(TS)).getroot()
    out = []
    for ctx in root.iter("context"):
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            out.append((ctx.findtext("name") or "", msg.findtext("source") or "",
                        None if tr is None else tr.get("type"), None if tr is None else tr.text))
    return out


# ---------------------------------------------------------------------------------------------- catalogue


def test_every_message_has_a_finished_japanese_translation():
    msgs = _messages()
    assert len(msgs) > 400
    bad = [(c, s) for c, s, kind, text in msgs if kind is not None or not text]
    assert not bad, f"{len(bad)} of {len(msgs)} messages not translated (run python -m ph_assist.i18n.build, " \
                    f"then translate them in {TS.name}): {bad[:5]}"


def test_translations_keep_the_placeholders():
    """A translation names the same {placeholders} as its source (else .format() raises or drops a value)."""
    bad = [(c, s, t) for c, s, _k, t in _messages()
           if sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(t or ""))]
    assert not bad, bad[:5]


def test_menu_mnemonics_survive():
    """A menu entry with a keyboard mnemonic (&F) keeps one in Japanese: ファイル(&F)."""
    bad = [(s, t) for _c, s, _k, t in _messages()
           if re.search(r"&[A-Za-z]", s) and not re.search(r"&[A-Za-z0-9]", t or "")]
    assert not bad, bad


@needs_lupdate
def test_catalogue_and_compiled_catalogue_are_up_to_date():
    """lupdate finds no new or vanished string, and the committed .qm is what lrelease makes of the .ts."""
    assert build.check() == []


def test_notices_keep_their_force_in_japanese(japanese):
    from ph_assist.presentation import bundle_notice
    from ph_assist.report import FOOTER

    n = bundle_notice("demo", "ab" * 32, "Synthetic training data — not for clinical use", clinical_use=False,
                      synthetic_training_data=True)
    assert n.text == "合成データで学習 — 臨床使用不可" and n.warn
    assert "医療機器として承認されていません" in i18n.translate("report", FOOTER)


# ---------------------------------------------------------------------------------------------- Qt-free


def test_translate_without_qt_in_a_fresh_process():
    code = ("import sys; from ph_assist.i18n import set_language, translate\n"
            "from ph_assist.presentation import format_points, percent\n"
            "set_language('ja')\n"
            "print(translate('presentation', 'Synthetic training data — not for clinical use'))\n"
            "print(format_points(0.17), percent(0.42))\n"
            "print(any(m.startswith('PySide6') for m in sys.modules))")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True,
                         cwd=REPO).stdout.splitlines()
    assert out == ["合成データで学習 — 臨床使用不可", "+17 ポイント 42%", "False"]


def test_lang_sets_the_language_of_help_too():
    """``--lang ja --help``: the parser is built after the language is set."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PH_ASSIST_LANG": "en"}
    for args, expected in ((["--lang", "ja", "--help"], "医療機器として承認されていません"),
                           (["--lang=ja", "study", "plan", "--help"], "検出力"),
                           (["--lang", "en", "--help"], "not a certified medical device")):
        out = subprocess.run([sys.executable, "-m", "ph_assist", *args], capture_output=True, text=True, env=env,
                             cwd=REPO).stdout
        assert expected in out, (args, out[:300])


_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _option_helps(help_text: str) -> dict[str, str]:
    """``{option: its help text}`` of an argparse ``--help`` (options without a help text left out)."""
    helps: dict[str, str] = {}
    current = None
    for line in help_text.splitlines():
        if re.match(r"^  -", line):
            invocation, _, rest = line.strip().partition("  ")
            current = re.findall(r"(?:^|\s)(--?[\w-]+)", invocation)[-1]
            helps[current] = rest.strip()
        elif current and line.startswith("    ") and line.strip():
            helps[current] = (helps[current] + " " + line.strip()).strip()
        else:
            current = None
    return {k: v for k, v in helps.items() if v and k not in ("-h", "--help")}


def test_subcommand_help_in_japanese():
    """Every option's help of ``assess``, ``train`` and ``evaluate`` in Japanese; ``%%`` still one ``%``."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "PH_ASSIST_LANG": "en"}
    for command in ("assess", "train", "evaluate"):
        out = subprocess.run([sys.executable, "-m", "ph_assist", "--lang", "ja", command, "--help"],
                             capture_output=True, text=True, env=env, cwd=REPO, check=True).stdout
        helps = _option_helps(out)
        assert len(helps) >= 5, (command, out[:500])
        english = {opt: text for opt, text in helps.items() if not _JAPANESE.search(text)}
        assert not english, (command, english)
    out = subprocess.run([sys.executable, "-m", "ph_assist", "--lang", "ja", "--help"],
                         capture_output=True, text=True, env=env, cwd=REPO, check=True).stdout
    assert "95%信頼区間" in out  # evaluate's help: argparse's %% arrives as one %
    out = subprocess.run([sys.executable, "-m", "ph_assist", "--lang", "en", "assess", "--help"],
                         capture_output=True, text=True, env=env, cwd=REPO, check=True).stdout
    japanese = [opt for opt, text in _option_helps(out).items() if _JAPANESE.search(text) and opt != "--lang"]
    assert "unit of --bnp" in out and not japanese  # --lang names 日本語 in any language


@pytest.mark.parametrize(("env", "expected"), [
    ({"LANG": "ja_JP.UTF-8"}, "ja"),
    ({"LANG": "ja_JP.UTF-8", "LC_ALL": "C"}, "en"),
    ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "ja_JP"}, "ja"),
    ({"LANG": "fr_FR.UTF-8"}, "en"),
    ({"LANG": "ja_JP.UTF-8", "PH_ASSIST_LANG": "en"}, "en"),
])
def test_language_follows_the_locale(monkeypatch, env, expected):
    for var in ("PH_ASSIST_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert i18n.detect_language() == expected


def test_set_language_refuses_an_unknown_language():
    with pytest.raises(ValueError, match="not available"):
        i18n.set_language("xx")


def test_dates_as_a_japanese_clinician_writes_them(japanese):
    import datetime as dt

    assert i18n.format_datetime(dt.datetime(2026, 3, 4, 9, 5)) == "2026年3月4日 09:05"
    with i18n.using_language("en"):
        assert i18n.format_datetime(dt.datetime(2026, 3, 4, 9, 5)) == "2026-03-04 09:05"


def test_cli_assess_in_japanese(demo_case_files, quick_bundle_dir, tmp_path, capsys, japanese):
    """``ph-assist assess --lang ja``: the readable summary in Japanese; the report's PDF embeds the
    Japanese font (a TrueType subset, so no glyph is missing from the file)."""
    from ph_assist.cli import main

    out = tmp_path / "report.pdf"
    d = demo_case_files
    code = main(["assess", "--lang", "ja", "--ecg", str(d.ecg_path), "--cxr", str(d.cxr_path), "--bnp", str(d.bnp),
                 "--bundle", str(quick_bundle_dir), "--no-explain", "--report", str(out)])
    text = capsys.readouterr().out
    assert code == 0
    assert "合成データで学習 — 臨床使用不可" in text and "PH リスク" in text and "判定閾値" in text
    data = out.read_bytes()
    assert b"IPAexGothic" in data and b"/FontFile2" in data  # the font is in the file (embedded TrueType)
    if shutil.which("pdffonts"):
        fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
        row = next(line for line in fonts.splitlines() if "IPAexGothic" in line)
        assert row.split()[-5] == "yes"  # the "emb" column


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_report_text_stays_on_the_page_with_every_glyph(lang, demo_case_files, quick_bundle_dir):
    """Both PDF pages in English and Japanese: every text lies inside the page (nothing clipped by
    the page edge, longer Japanese lines wrapped) and matplotlib reports no missing glyph."""
    import warnings

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from ph_assist.assessment import assess
    from ph_assist.cases import load_case
    from ph_assist.models.bundle import load_bundle
    from ph_assist.report import ecg_page_figure, report_figure

    d = demo_case_files
    case = load_case(ecg_path=d.ecg_path, cxr_path=d.cxr_path, bnp=d.bnp, bnp_unit=d.bnp_unit, case_id=d.case_id)
    a = assess(load_bundle(quick_bundle_dir), ecg=case.ecg, cxr=case.cxr, labs=case.labs, explain=False,
               case_id=d.case_id)
    with i18n.using_language(lang), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        figs = [report_figure(a, ecg=case.ecg, cxr=case.cxr, labs=case.labs),
                ecg_page_figure(case.ecg, case_id=d.case_id, notice="x")]
        for fig in figs:
            canvas = FigureCanvasAgg(fig)
            canvas.draw()
            renderer = canvas.get_renderer()
            page = fig.bbox
            for t in fig.findobj(lambda o: hasattr(o, "get_text") and hasattr(o, "get_window_extent")):
                if not t.get_text() or not t.get_visible():
                    continue
                box = t.get_window_extent(renderer)
                assert page.x0 - 1 <= box.x0 and box.x1 <= page.x1 + 1 and page.y0 - 1 <= box.y0 \
                    and box.y1 <= page.y1 + 1, f"{lang}: text leaves the page: {t.get_text()[:80]!r}"
    missing = [str(w.message) for w in caught if "missing from" in str(w.message).lower()]
    assert not missing, missing[:3]


# ---------------------------------------------------------------------------------------------- the GUI

#: ASCII text allowed in the Japanese main window: units, numbers, names of tests, formats and
#: leads, the product and bundle names, hexadecimal IDs, key names.
_ALLOWED = re.compile(
    r"^(?:[\W\d_]*|English|PH-Assist|BNP|NT-proBNP|CTR|Grad-CAM|WW/WL|DICOM|WFDB|PNG|PDF|CSV|Esc|Enter|"
    r"(?:pg/mL|ng/L|pmol/L|mm/s|mm/mV|Hz|ms|bpm|mV|px|%)|"
    r"[\d.,:×x<>=+\-–—·\s%]*(?:pg/mL|ng/L|pmol/L|mm/s|mm/mV|Hz|ms|bpm|mV|px|%)?|"
    r"I|II|III|aVR|aVL|aVF|V[1-6]|P|QRS|T|RR|PR|QT|QTc.*|ph-assist[\w.\-]*|[0-9a-f]{6,}|"
    r".*\b(?:pg/mL|ng/L|pmol/L)\b.*BNP.*)$")


def _visible_texts(window) -> list[tuple[str, str]]:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QMenu, QTabBar

    out = []
    for w in window.findChildren(QLabel):
        if w.isVisibleTo(window):
            out.append(("QLabel", w.text()))
    for w in window.findChildren(QAbstractButton):
        if w.isVisibleTo(window):
            out.append((type(w).__name__, w.text()))
    for w in window.findChildren(QGroupBox):
        if w.isVisibleTo(window):
            out.append(("QGroupBox", w.title()))
    for w in window.findChildren(QTabBar):
        if w.isVisibleTo(window):
            out += [("QTabBar", w.tabText(i)) for i in range(w.count())]
    for w in window.findChildren(QComboBox):
        if w.isVisibleTo(window):
            out += [("QComboBox", w.itemText(i)) for i in range(w.count())]

    def walk(menu: QMenu) -> None:
        for a in menu.actions():
            out.append(("QAction", a.text()))
            if a.menu() is not None:
                walk(a.menu())

    for a in window.menuBar().actions():
        out.append(("QAction", a.text()))
        if a.menu() is not None:
            walk(a.menu())
    return out


def _english(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    def plain(t: str) -> str:
        return re.sub(r"<[^>]+>", "", t).replace("&", "").strip()

    return [(kind, t) for kind, t in texts
            if plain(t) and plain(t).isascii() and re.search(r"[A-Za-z]{2,}", plain(t))
            and not _ALLOWED.match(plain(t))]


@pytest.fixture
def japanese_gui(qapp, quick_bundle_dir, tmp_path):
    from PySide6.QtCore import QSettings

    from ph_assist.gui.launch import install_translators
    from ph_assist.gui.main_window import MainWindow

    install_translators(qapp, "ja")
    settings = QSettings(str(tmp_path / "ph-assist.ini"), QSettings.Format.IniFormat)
    w = MainWindow(bundle_path=quick_bundle_dir, settings=settings)
    w.resize(1600, 960)
    w.show()
    yield w
    w.shutdown()
    w.close()
    install_translators(qapp, "en")


def test_japanese_main_window_has_no_english_labels(japanese_gui, demo_case_files):
    from ph_assist.gui.launch import wait_for

    w = japanese_gui
    assert wait_for(w.settled, 60)
    got = []
    w.resultShown.connect(got.append)
    d = demo_case_files
    w.open_case(ecg=d.ecg_path, cxr=d.cxr_path, bnp=d.bnp, bnp_unit=d.bnp_unit, case_id=d.case_id)
    assert wait_for(lambda: bool(got) and w.settled(), 90), w.status_text()
    texts = _visible_texts(w)
    assert len(texts) > 60
    assert any("統合" in t or "PH リスク" in t for _k, t in texts)
    assert not _english(texts), _english(texts)
    assert "ファイル(&F)" in [t for k, t in texts if k == "QAction"]


def test_language_menu_is_kept_for_the_next_start(japanese_gui):
    from ph_assist.gui.launch import LANGUAGE_KEY

    w = japanese_gui
    assert set(w.act_language) == {"auto", "en", "ja"}
    w.act_language["en"].trigger()
    assert w._settings.value(LANGUAGE_KEY) == "en"
    assert "次回起動時" in w.status_text()


def test_qt_file_dialog_labels_in_japanese(qapp):
    """Qt 6's file dialog asks for "&Look in:", which Qt's own Japanese catalogue lacks; ours answers it."""
    from PySide6.QtWidgets import QFileDialog, QLabel

    from ph_assist.gui.launch import install_translators

    install_translators(qapp, "ja")
    try:
        dialog = QFileDialog(None, "x", "", "*.png")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
        dialog.deleteLater()
    finally:
        install_translators(qapp, "en")
    assert len(labels) == 3 and not [t for t in labels if re.search("[A-Za-z]{3}", t)], labels
