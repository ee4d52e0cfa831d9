"""Bundle origin: Ed25519 signatures over the bundle ID, a trust store, attacks on a re-hashed bundle."""

from __future__ import annotations

import json
import shutil

import pytest

from ph_assist.cli import main
from ph_assist.errors import BundleError
from ph_assist.models.bundle import load_bundle, write_manifest


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv("PH_ASSIST_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config" / "trusted_keys"


@pytest.fixture
def copy(tmp_path, quick_bundle_dir):
    dst = tmp_path / "bundle"
    shutil.copytree(quick_bundle_dir, dst)
    return dst


def test_sign_trust_verify(tmp_path, copy, store, capsys):
    key = tmp_path / "site.key"
    assert main(["bundle", "keygen", "--out", str(key), "--name", "Cardiology AI team"]) == 0
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    assert load_bundle(copy).origin.status == "unsigned"
    assert "unverified origin" in load_bundle(copy).banner
    assert main(["bundle", "sign", str(copy), "--key", str(key), "--signer", "Cardiology AI team"]) == 0
    bundle_id = load_bundle(copy).bundle_id  # signing does not change the bundle ID
    assert main(["bundle", "verify", str(copy)]) == 2  # valid signature, key not trusted yet
    assert "does not trust" in capsys.readouterr().err
    assert main(["bundle", "trust", str(key) + ".pub"]) == 0
    assert main(["bundle", "verify", str(copy)]) == 0
    b = load_bundle(copy)
    assert b.origin.verified and b.bundle_id == bundle_id and b.origin.signer == "Cardiology AI team"
    assert b.banner == "Synthetic training data — not for clinical use"


def test_rehashed_bundle_is_refused_or_unverified(tmp_path, copy, store):
    key = tmp_path / "k"
    assert main(["bundle", "keygen", "--out", str(key), "--name", "trainer"]) == 0
    assert main(["bundle", "trust", str(key) + ".pub"]) == 0
    assert main(["bundle", "sign", str(copy), "--key", str(key), "--signer", "trainer"]) == 0
    # Attack 1: raise every threshold and re-run the manifest writer: the signature no longer matches.
    thr = json.loads((copy / "thresholds.json").read_text())
    for entry in thr["per_subset"].values():
        for p in entry["points"]:
            p["threshold"] = 0.99
    (copy / "thresholds.json").write_text(json.dumps(thr))
    write_manifest(copy)
    with pytest.raises(BundleError, match="signature"):
        load_bundle(copy)
    # Attack 2: drop the signature as well, and claim clinical validation in the card.
    (copy / "signature.json").unlink()
    card = json.loads((copy / "model_card.json").read_text())
    card.update(banner="*** Clinically validated - CE marked ***", synthetic_training_data=False, clinical_use=True)
    (copy / "model_card.json").write_text(json.dumps(card))
    write_manifest(copy)
    b = load_bundle(copy)
    assert not b.clinical_use and "CE marked" not in b.banner and "unverified origin" in b.banner.lower()
    # Attack 3: a signature by a key the site does not trust.
    other = tmp_path / "other"
    assert main(["bundle", "keygen", "--out", str(other), "--name", "somebody"]) == 0
    assert main(["bundle", "sign", str(copy), "--key", str(other), "--signer", "Hospital X"]) == 0
    b = load_bundle(copy)
    assert b.origin.status == "untrusted" and not b.clinical_use and "unverified origin" in b.banner.lower()
    # Attack 4: a malformed signature file.
    (copy / "signature.json").write_text("{" * 100000)
    with pytest.raises(BundleError, match="malformed"):
        load_bundle(copy)
