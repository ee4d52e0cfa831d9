"""The ``ph-assist`` command line.

Each sub-command lives in its own module and registers itself through a
``register(subparsers)`` function.  :func:`main` turns every
:class:`~ph_assist.errors.PHAssistError` into one line on stderr and exit
code 2; no user error ever prints a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from collections.abc import Sequence

from ph_assist import __version__
from ph_assist.errors import PHAssistError

EXIT_OK, EXIT_INTERNAL, EXIT_USER = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: one line, exit 2
        self.exit(EXIT_USER, f"{self.prog}: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    from ph_assist.cli import assess, bundle, files, gui, study, synth, train

    parser = _Parser(
        prog="ph-assist",
        description="PH-Assist: decision support for early detection of pulmonary hypertension "
                    "from ECG, chest X-ray and BNP. Research software, not a certified medical device.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    files.register(sub)
    assess.register(sub)
    study.register(sub)
    synth.register(sub)
    train.register(sub)
    bundle.register(sub)
    gui.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USER
    if not args.debug:
        # Library warnings (pydicom, wfdb ...) are not for clinicians; readers turn
        # real problems into errors or quality flags.
        warnings.simplefilter("ignore")
    try:
        return int(args.func(args) or EXIT_OK)
    except PHAssistError as exc:
        print(f"ph-assist: {exc}", file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        print("ph-assist: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into e.g. `head`: not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug of ours: one line unless --debug
        if args.debug:
            raise
        print(f"ph-assist: internal error ({type(exc).__name__}: {exc}); rerun with --debug "
              "and report it", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
