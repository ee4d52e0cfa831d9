"""``ph-assist bundle``: sign, verify and trust model bundles (who made a bundle)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ph_assist.errors import InputError
from ph_assist.i18n import translate


def register(sub: argparse._SubParsersAction) -> None:
    b = sub.add_parser("bundle", help=translate("cli", "sign, verify and trust model bundles"),
                       description=translate("cli", "A bundle's SHA-256 manifest proves its files are intact; an "
                                                    "Ed25519 signature by a trusted key proves who made it. Unsigned "
                                                    "or untrusted bundles are shown as 'unverified origin' and never "
                                                    "count as clinical."))
    bsub = b.add_subparsers(dest="bundle_command", metavar="COMMAND", required=True)
    k = bsub.add_parser("keygen", help=translate("cli", "create a signing key pair (KEY and KEY.pub)"))
    k.add_argument("--out", required=True, metavar="KEY",
                   help=translate("cli", "private key file to create (mode 600)"))
    k.add_argument("--name", required=True,
                   help=translate("cli", "who signs with it, e.g. 'Cardiology AI team, Hospital X'"))
    k.set_defaults(func=cmd_keygen)
    s = bsub.add_parser("sign", help=translate("cli", "sign a bundle with a private key"))
    s.add_argument("bundle", help=translate("cli", "bundle folder"))
    s.add_argument("--key", required=True, help=translate("cli", "private key file (from 'bundle keygen')"))
    s.add_argument("--signer", required=True, help=translate("cli", "name recorded with the signature"))
    s.set_defaults(func=cmd_sign)
    v = bsub.add_parser("verify",
                        help=translate("cli", "check a bundle's files and who signed it (exit 0 only if trusted)"))
    v.add_argument("bundle", help=translate("cli", "bundle folder"))
    v.set_defaults(func=cmd_verify)
    t = bsub.add_parser("trust", help=translate("cli", "add a public key to this installation's trust store"))
    t.add_argument("public_key", help=translate("cli", "KEY.pub file"))
    t.set_defaults(func=cmd_trust)


def cmd_keygen(args: argparse.Namespace) -> int:
    from ph_assist.models.signing import generate_key

    try:
        key, pub = generate_key(args.out, args.name)
    except FileExistsError:
        raise InputError(args.out, translate("errors", "already exists; choose another file")) from None
    print(translate("cli", "wrote private key {key} (keep it secret) and public key {pub} (give it to the sites that "
                    "trust you)").format(key=key, pub=pub))
    return 0


def cmd_sign(args: argparse.Namespace) -> int:
    from ph_assist.models.signing import sign_bundle

    try:
        data = sign_bundle(args.bundle, args.key, args.signer)
    except (ValueError, TypeError) as exc:
        raise InputError(args.key, translate("errors", "cannot sign: {error}").format(error=exc)) from None
    print(translate("cli", "signed bundle {bundle} ({bundle_id}) as {signer} (key {key_id})").format(
        bundle=args.bundle, bundle_id=data["bundle_id"][:12], signer=args.signer, key_id=data["key_id"]))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from ph_assist.models.bundle import load_bundle

    bundle = load_bundle(args.bundle)
    print(translate("cli", "{bundle}: files intact (bundle ID {bundle_id}); {origin}").format(
        bundle=args.bundle, bundle_id=bundle.short_id, origin=bundle.origin.describe()))
    print(translate("cli", "banner: {banner}").format(banner=bundle.banner))
    if not bundle.origin.verified:
        raise InputError(args.bundle, bundle.origin.describe())
    return 0


def cmd_trust(args: argparse.Namespace) -> int:
    from ph_assist.models.signing import trust_key

    try:
        dest = trust_key(args.public_key)
    except (OSError, ValueError) as exc:
        raise InputError(args.public_key, str(exc)) from None
    print(translate("cli", "trusted: {key} -> {dest}").format(key=Path(args.public_key).name, dest=dest))
    return 0
