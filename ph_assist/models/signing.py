"""Who made a bundle: Ed25519 signatures over the bundle ID, and a trust store.

The SHA-256 manifest proves that a bundle's files are intact, not who wrote
them: anyone can edit a file and rehash.  A signature proves origin.  Whoever
trains a bundle signs its **bundle ID** (the SHA-256 over every file's hash,
so the signature covers every byte, the model card's flags included) with an
Ed25519 private key (``ph-assist bundle sign``); the app keeps a **trust
store** of public keys (``ph-assist bundle trust``): the keys shipped with
PH-Assist (``resources/trusted_keys``) and the site's own
(``$PH_ASSIST_CONFIG_DIR/trusted_keys``, default ``~/.config/ph-assist``).

``signature.json`` sits in the bundle folder but is not part of the
manifest, so signing does not change the bundle ID.  :func:`check_origin`
gives one of:

* ``verified``: signed by a trusted key, over this bundle's ID;
* ``unsigned``: no signature;
* ``untrusted``: a valid signature by a key not in the trust store;
* ``invalid``: a signature that does not match this bundle (modified after
  signing) or is malformed: :func:`~ph_assist.models.bundle.load_bundle`
  refuses such a bundle.

Only a ``verified`` bundle may be used clinically (``clinical_use`` in its
card is ignored otherwise), and every display of a score from an
unverified bundle says "unverified origin".
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from ph_assist.i18n import QT_TRANSLATE_NOOP, translate

__all__ = ["Origin", "check_origin", "sign_bundle", "generate_key", "trust_key", "trusted_keys",
           "user_trust_dir", "SIGNATURE_FILE"]

SIGNATURE_FILE = "signature.json"
_CONTEXT = b"ph-assist model bundle signature v1\n"


@dataclasses.dataclass(frozen=True)
class Origin:
    status: str  # verified | unsigned | untrusted | invalid
    signer: str = ""
    key_id: str = ""
    detail: str = ""

    @property
    def verified(self) -> bool:
        return self.status == "verified"

    def describe(self) -> str:
        if self.verified:
            return translate("errors", "signed by {signer} (key {key_id})").format(signer=self.signer,
                                                                                  key_id=self.key_id)
        if self.status == "unsigned":
            return translate("errors", "unverified origin: the bundle is not signed")
        if self.status == "untrusted":
            if self.signer:
                return translate("errors", "unverified origin: signed by {signer} (key {key_id}), a key this "
                                           "installation does not trust").format(signer=self.signer,
                                                                                 key_id=self.key_id)
            return translate("errors", "unverified origin: signed by an unknown signer (key {key_id}), a key this "
                                       "installation does not trust").format(key_id=self.key_id)
        return translate("errors", "unverified origin: {detail}").format(detail=translate("errors", self.detail))


def _key_id(raw_public: bytes) -> str:
    return hashlib.sha256(raw_public).hexdigest()[:16]


def _message(bundle_id: str) -> bytes:
    return _CONTEXT + bundle_id.encode("ascii")


def user_trust_dir() -> Path:
    base = os.environ.get("PH_ASSIST_CONFIG_DIR")
    return (Path(base) if base else Path.home() / ".config" / "ph-assist") / "trusted_keys"


def _shipped_trust_dir() -> Path:
    from ph_assist.resources import resources_dir  # the source tree's or the desktop build's resources/

    return resources_dir() / "trusted_keys"


def _load_public(path: Path) -> tuple[str, bytes]:
    """(name, raw 32-byte key) from a ``.pub`` file: ``ph-assist-ed25519 <base64> <name>``."""
    parts = path.read_text(encoding="utf-8").strip().split(maxsplit=2)
    if len(parts) < 2 or parts[0] != "ph-assist-ed25519":
        raise ValueError(translate("errors", "{path}: not a PH-Assist public key (expected 'ph-assist-ed25519 <key> "
                                             "<name>')").format(path=path))
    raw = base64.b64decode(parts[1], validate=True)
    if len(raw) != 32:
        raise ValueError(translate("errors", "{path}: an Ed25519 public key has 32 bytes").format(path=path))
    return (parts[2] if len(parts) > 2 else path.stem), raw


def trusted_keys() -> dict[str, tuple[str, bytes]]:
    """``{key_id: (name, raw public key)}`` of every trusted key (shipped and the site's)."""
    keys: dict[str, tuple[str, bytes]] = {}
    for folder in (_shipped_trust_dir(), user_trust_dir()):
        if not folder.is_dir():
            continue
        for p in sorted(folder.glob("*.pub")):
            try:
                name, raw = _load_public(p)
            except (OSError, ValueError):
                continue
            keys[_key_id(raw)] = (name, raw)
    return keys


def check_origin(folder: str | os.PathLike, bundle_id: str) -> Origin:
    """The origin of the bundle in ``folder`` whose verified ID is ``bundle_id``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    path = Path(folder) / SIGNATURE_FILE
    if not path.exists():
        return Origin("unsigned")
    try:
        if path.stat().st_size > 65536:
            raise ValueError("too large")
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("algorithm") != "Ed25519":
            raise ValueError("unknown algorithm")
        raw = base64.b64decode(data["public_key"], validate=True)
        sig = base64.b64decode(data["signature"], validate=True)
        signer = str(data.get("signer", ""))[:200]
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return Origin("invalid", detail=QT_TRANSLATE_NOOP("errors", "signature.json is malformed"))
    key_id = _key_id(raw)
    if data.get("bundle_id") != bundle_id:
        return Origin("invalid", signer, key_id,
                      QT_TRANSLATE_NOOP("errors", "the signature is for another bundle ID (modified after signing)"))
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(sig, _message(bundle_id))
    except (InvalidSignature, ValueError):
        return Origin("invalid", signer, key_id,
                      QT_TRANSLATE_NOOP("errors", "the signature does not verify (modified after signing)"))
    trusted = trusted_keys().get(key_id)
    if trusted is None:
        return Origin("untrusted", signer, key_id)
    return Origin("verified", trusted[0], key_id)


def generate_key(out: str | os.PathLike, name: str) -> tuple[Path, Path]:
    """A new Ed25519 key pair: ``out`` (private, PEM, mode 600) and ``out.pub``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    out = Path(out)
    if out.exists():
        raise FileExistsError(f"{out} already exists")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pub = out.with_name(out.name + ".pub")
    pub.write_text(f"ph-assist-ed25519 {base64.b64encode(raw).decode()} {name}\n", encoding="utf-8")
    return out, pub


def sign_bundle(folder: str | os.PathLike, key_path: str | os.PathLike, signer: str) -> dict[str, Any]:
    """Sign the (verified) bundle in ``folder`` with the private key at ``key_path``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ph_assist.models.bundle import verify_bundle

    manifest = verify_bundle(folder)
    key = serialization.load_pem_private_key(Path(key_path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(translate("errors", "{path}: not an Ed25519 private key").format(path=key_path))
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    bundle_id = manifest["bundle_id"]
    data = {
        "algorithm": "Ed25519",
        "bundle_id": bundle_id,
        "signed_message": "'ph-assist model bundle signature v1\\n' + bundle_id",
        "public_key": base64.b64encode(raw).decode(),
        "key_id": _key_id(raw),
        "signer": signer,
        "signed": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "signature": base64.b64encode(key.sign(_message(bundle_id))).decode(),
    }
    (Path(folder) / SIGNATURE_FILE).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return data


def trust_key(pub_path: str | os.PathLike) -> Path:
    """Add a public key to this installation's trust store; returns where it was put."""
    name, raw = _load_public(Path(pub_path))
    folder = user_trust_dir()
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / f"{_key_id(raw)}.pub"
    dest.write_text(f"ph-assist-ed25519 {base64.b64encode(raw).decode()} {name}\n", encoding="utf-8")
    return dest
