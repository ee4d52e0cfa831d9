"""Finding a case's files in a folder (ph_assist.cases), without Qt; and the one MODALITIES."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ph_assist.cases import MODALITIES, MODALITY_NAMES, folder_case_files, record_header, route_files
from ph_assist.errors import InputError
from tests.cxr_fixtures import cr_dataset, save
from tests.ecg_fixtures import write_wfdb_record


def _cxr(path: Path) -> Path:
    pixels = np.random.default_rng(0).integers(0, 30000, (256, 256)).astype(np.uint16)
    return save(cr_dataset(pixels), path)


@pytest.fixture
def case_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    write_wfdb_record(folder, "ecg", seconds=10.0)
    _cxr(folder / "chest.dcm")
    return folder


def test_finds_the_ecg_and_the_chest_xray_and_ignores_notes_and_labs(case_folder):
    (case_folder / "README.txt").write_text("Case notes, no patient names.\n")
    (case_folder / "labs.csv").write_text("analyte,value\nBNP,120\n")
    (case_folder / ".hidden.dcm").write_bytes(b"not looked at")
    ecg, cxr = folder_case_files(case_folder)
    assert ecg == case_folder / "ecg.hea" and cxr == case_folder / "chest.dcm"


def test_a_folder_with_only_an_ecg_gives_no_chest_xray(tmp_path):
    write_wfdb_record(tmp_path, "only")
    assert folder_case_files(tmp_path) == (tmp_path / "only.hea", None)


def test_a_wfdb_record_counts_once_whichever_of_its_files_is_given(case_folder):
    hea, dat = case_folder / "ecg.hea", case_folder / "ecg.dat"
    assert record_header(dat) == hea and record_header(hea) == hea
    assert record_header(case_folder / "chest.dcm") == case_folder / "chest.dcm"
    routed, problems = route_files([dat, hea, case_folder / "chest.dcm"])
    assert routed == [(hea, "ecg"), (case_folder / "chest.dcm", "cxr")] and problems == []


def test_route_files_reports_an_unreadable_file_in_one_line_naming_it(tmp_path):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01 not an ECG or an image")
    routed, problems = route_files([junk])
    assert routed == [] and len(problems) == 1 and "junk.bin" in problems[0] and "\n" not in problems[0]


@pytest.mark.parametrize("what", ["two ECGs", "two chest X-rays", "nothing", "not a folder"])
def test_an_ambiguous_or_empty_folder_is_one_line_naming_it(tmp_path, what):
    folder = tmp_path / "case"
    if what == "not a folder":
        folder.write_text("a file")
    else:
        folder.mkdir()
        (folder / "notes.txt").write_text("no leads here\n")
    if what == "two ECGs":
        write_wfdb_record(folder, "a")
        write_wfdb_record(folder, "b", seed=1)
    elif what == "two chest X-rays":
        _cxr(folder / "a.dcm")
        _cxr(folder / "b.dcm")
    with pytest.raises(InputError) as err:
        folder_case_files(folder)
    msg = str(err.value)
    assert "case" in msg and "\n" not in msg
    expected = {"two ECGs": "holds 2 ECG files", "two chest X-rays": "holds 2 chest X-ray files",
                "nothing": "holds no ECG or chest X-ray", "not a folder": "is not a folder"}[what]
    assert expected in msg


def test_the_gui_workers_use_the_same_functions():
    pytest.importorskip("PySide6")
    from ph_assist.gui import workers

    assert workers.folder_case_files is folder_case_files and workers.route_files is route_files


def test_case_folder_discovery_needs_no_qt():
    code = ("import sys; from ph_assist.cases import folder_case_files; "
            "print(any(m.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"


def test_modalities_have_one_definition():
    import ph_assist.assessment as assessment
    import ph_assist.models.fusion as fusion

    assert MODALITIES == ("ecg", "cxr", "bnp") and set(MODALITY_NAMES) == set(MODALITIES)
    assert fusion.MODALITIES is MODALITIES and assessment.MODALITIES is MODALITIES
    assert assessment.MODALITY_NAMES is MODALITY_NAMES
    assert fusion.subset_label("ecg+cxr+bnp") == "ECG + chest X-ray + BNP"
