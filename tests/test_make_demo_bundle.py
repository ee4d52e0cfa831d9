"""resources/make_demo_bundle.sh: its defaults are the recipe in the shipped card, and its overrides are recorded.

The script runs with a stand-in for Python that records each command and makes the folders it would
write, so nothing is generated or trained; what is checked is the command line the real run would take.
"""

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ph_assist.resources import resources_dir

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "resources" / "make_demo_bundle.sh"

pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")

STAND_IN = f"""#!{sys.executable}
import json, os, sys
with open(os.environ["CALLS"], "a") as fh:
    fh.write(json.dumps(sys.argv[1:]) + "\\n")
args = sys.argv[1:]
for flag in ("--out",):
    if flag in args:
        out = args[args.index(flag) + 1]
        os.makedirs(out, exist_ok=True)
        open(os.path.join(out, "manifest.csv"), "w").close()
"""


def _train_call(tmp_path: Path, **env: str) -> list[str]:
    py = tmp_path / "python"
    py.write_text(STAND_IN)
    py.chmod(0o755)
    calls = tmp_path / "calls.jsonl"
    run_env = {**os.environ, "PY": str(py), "CALLS": str(calls), "WORK": str(tmp_path / "work"),
               "DEST": str(tmp_path / "dest"), "WORKERS": "14", "DEVICE": "cuda", **env}
    run_env.pop("KEY", None)
    subprocess.run(["bash", str(SCRIPT)], env=run_env, check=True, capture_output=True, timeout=60)
    train = [c for c in map(json.loads, calls.read_text().splitlines()) if c[2:3] == ["train"]]
    assert len(train) == 1
    return train[0][2:]  # after "-m ph_assist"


def _card_command() -> list[str]:
    card = json.loads((resources_dir() / "bundles" / "demo" / "model_card.json").read_text(encoding="utf-8"))
    return shlex.split(card["recipe"].split(", which ran: ph-assist ", 1)[1])


def test_the_defaults_are_the_shipped_cards_command_line(tmp_path):
    assert _train_call(tmp_path) == _card_command()


def test_overrides_change_only_their_options_and_are_named_in_the_recipe(tmp_path):
    call = _train_call(tmp_path, CXR_EPOCHS="6", OOF_FOLDS="3", BATCH="32")
    card = _card_command()
    assert call[call.index("--cxr-epochs") + 1] == "6" and call[call.index("--oof-folds") + 1] == "3"
    assert call[call.index("--batch-size") + 1] == "32" and call[call.index("--epochs") + 1] == "15"
    recipe = call[call.index("--recipe") + 1]
    assert recipe == ("bash resources/make_demo_bundle.sh (N_TRAIN=6000 N_TEST=1000 EPOCHS=15 CXR_EPOCHS=6 "
                      "BATCH=32 OOF_FOLDS=3; DEVICE=cuda)")
    rest = [a for a in call if a not in ("--cxr-epochs", "6", "--oof-folds", "3", "32", "128", recipe)]
    assert rest == [a for a in card if a not in ("128", card[card.index("--recipe") + 1])]


@pytest.mark.parametrize("setting", [{"BATCH": "1"}, {"OOF_FOLDS": "1"}, {"CXR_EPOCHS": "6;echo x"}, {"N_TRAIN": "3e3"}])
def test_a_bad_setting_is_refused_before_any_work(tmp_path, setting):
    env = {**os.environ, "PY": "/nonexistent/python", "WORK": str(tmp_path / "work"), "DEST": str(tmp_path / "d"),
           **setting}
    res = subprocess.run(["bash", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1
    assert res.stderr.startswith("make_demo_bundle.sh: ") and not (tmp_path / "work").exists()
