"""``ph-assist gui``: the desktop app (PySide6).

``ph-assist gui`` opens the window; ``--demo`` opens the generated demo case
with the default bundle; ``--ecg/--cxr/--bnp`` open a case; ``--worklist``
scores a manifest; ``--screenshot OUT.png`` waits for the result, saves a
picture of the window and exits (0 with a result, 2 with one line on stderr
otherwise), which also works headless (``QT_QPA_PLATFORM=offscreen``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ph_assist.i18n import translate

if TYPE_CHECKING:
    from ph_assist.gui.app import GuiOptions


def register(sub: argparse._SubParsersAction) -> None:
    g = sub.add_parser(
        "gui",
        help=translate("cli", "open the desktop app (case review with Grad-CAM, worklists, PDF reports)"),
        description=translate("cli", "Open the PH-Assist desktop app. Research software, not a certified medical "
                                     "device."),
    )
    add_arguments(g)
    g.set_defaults(func=cmd_gui)


def add_arguments(g: argparse.ArgumentParser) -> None:
    g.add_argument("--demo", action="store_true",
                   help=translate("cli", "open the generated demo case (synthetic patient)"))
    g.add_argument("--bundle", metavar="DIR",
                   help=translate("cli", "model bundle folder (default: $PH_ASSIST_BUNDLE or the demo bundle)"))
    g.add_argument("--ecg", metavar="FILE", help=translate("cli", "ECG file to open"))
    g.add_argument("--cxr", metavar="FILE", help=translate("cli", "chest X-ray file to open"))
    g.add_argument("--bnp", metavar="VALUE",
                   help=translate("cli", "BNP value (e.g. 120, or <5 below the detection limit)"))
    g.add_argument("--bnp-unit", default="pg/mL", choices=["pg/mL", "ng/L", "pmol/L"],
                   help=translate("cli", "unit of --bnp"))
    g.add_argument("--analyte", default="BNP", choices=["BNP", "NT-proBNP"],
                   help=translate("cli", "what --bnp measures"))
    g.add_argument("--case-id", metavar="ID", help=translate("cli", "pseudonymous case ID (never a name)"))
    g.add_argument("--worklist", metavar="MANIFEST",
                   help=translate("cli", "score the cases of a manifest CSV and rank them"))
    g.add_argument("--show-identifiers", action="store_true",
                   help=translate("cli", "start with case IDs and file names shown"))
    g.add_argument("--screenshot", metavar="OUT.png",
                   help=translate("cli", "wait for the result, save a picture of the window to OUT.png and exit"))
    g.add_argument("--size", metavar="WxH", help=translate("cli", "window size in pixels, e.g. 1280x720"))
    g.add_argument("--timeout", type=float, default=180.0, metavar="S",
                   help=translate("cli", "with --screenshot: how long to wait for the result (default 180 s)"))
    from ph_assist.i18n import LANGUAGES

    g.add_argument("--lang", choices=["auto", *LANGUAGES], default=argparse.SUPPRESS,
                   help=translate("cli", "interface language (default: the Language menu's choice, else the system "
                                         "locale)"))
    g.add_argument("--benchmark-startup", action="store_true", help=argparse.SUPPRESS)


def gui_options(args: argparse.Namespace) -> GuiOptions:
    """The options of :func:`ph_assist.gui.app.run_gui` from the parsed command line (the Namespace stays here)."""
    from ph_assist.gui.app import GuiOptions

    return GuiOptions(
        demo=args.demo, bundle=args.bundle, ecg=args.ecg, cxr=args.cxr, bnp=args.bnp, bnp_unit=args.bnp_unit,
        analyte=args.analyte, case_id=args.case_id, worklist=args.worklist, show_identifiers=args.show_identifiers,
        screenshot=Path(args.screenshot) if args.screenshot else None, size=args.size, timeout_s=args.timeout or 180.0,
        lang=getattr(args, "lang", None),  # default SUPPRESS: absent unless given
        benchmark_startup=args.benchmark_startup)


def cmd_gui(args: argparse.Namespace) -> int:
    from ph_assist.gui.app import run_gui

    return run_gui(gui_options(args))


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m ph_assist.cli.gui`` (the same options, without the rest of the CLI)."""
    import warnings

    parser = argparse.ArgumentParser(prog="ph-assist gui", description=__doc__.splitlines()[0])
    add_arguments(parser)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    return cmd_gui(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
