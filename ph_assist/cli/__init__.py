"""The ``ph-assist`` command line.

Each sub-command lives in its own module and registers itself through a
``register(subparsers)`` function.  :func:`main` turns every
:class:`~ph_assist.errors.PHAssistError` into one line on stderr and exit
code 2; no user error ever prints a traceback.
"""

from __future__ import annotations

import argparse
import csv
import errno
import os
import sys
import warnings
from collections.abc import Sequence

from ph_assist import __version__
from ph_assist.errors import PHAssistError
from ph_assist.i18n import QT_TRANSLATE_NOOP, translate

EXIT_OK, EXIT_INTERNAL, EXIT_USER = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: one line, exit 2
        self.exit(EXIT_USER, f"{self.prog}: {message} (see --help)\n")


def add_lang_argument(parser: argparse.ArgumentParser) -> None:
    """``--lang {auto,en,ja}``: the language of the human-readable output (default: the system locale).

    Given before or after the sub-command; the default is left out of the namespace so that a
    sub-command's parser does not overwrite the top-level value.
    """
    from ph_assist.i18n import LANGUAGES, translate

    parser.add_argument("--lang", choices=["auto", *LANGUAGES], default=argparse.SUPPRESS,
                        help=translate("cli", "language of the output: {languages}; default: the system locale "
                                              "(or $PH_ASSIST_LANG)").format(
                            languages=", ".join(f"{k} ({v})" for k, v in LANGUAGES.items())))


def build_parser() -> argparse.ArgumentParser:
    from ph_assist.cli import assess, bundle, files, gui, pacs, study, synth, train

    from ph_assist.i18n import translate

    parser = _Parser(
        prog="ph-assist",
        description=translate("cli", "PH-Assist: decision support for early detection of pulmonary hypertension "
                                     "from ECG, chest X-ray and BNP. Research software, not a certified medical "
                                     "device."),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help=translate("cli", "show tracebacks of internal errors"))
    add_lang_argument(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    files.register(sub)
    assess.register(sub)
    study.register(sub)
    synth.register(sub)
    train.register(sub)
    bundle.register(sub)
    gui.register(sub)
    pacs.register(sub)
    return parser


def _early_language(argv: Sequence[str]) -> str | None:
    """The ``--lang`` value of a command line, read before the parser is built (so that ``--help``
    is in that language too); ``None`` when not given or not a language."""
    from ph_assist.i18n import LANGUAGES

    for i, a in enumerate(argv):
        value = argv[i + 1] if a == "--lang" and i + 1 < len(argv) else a[7:] if a.startswith("--lang=") else None
        if value in ("auto", *LANGUAGES):
            return value
    return None


def main(argv: Sequence[str] | None = None) -> int:
    early = _early_language(list(sys.argv[1:] if argv is None else argv))
    if early:
        from ph_assist.i18n import set_language

        set_language(early)
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # the command line, e.g. for a model card's recipe
    if getattr(args, "lang", None):
        from ph_assist.i18n import set_language

        set_language(args.lang)
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
        _print_line(f"ph-assist: {exc}")
        return EXIT_USER
    except KeyboardInterrupt:
        print(translate("errors", "ph-assist: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Output piped into e.g. `head`: not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except (OSError, RecursionError, UnicodeError, csv.Error, MemoryError) as exc:
        # The operating system or the input said no (full disk, read-only
        # folder, name too long, a JSON nested 100,000 deep, a file name the
        # terminal cannot print ...): the user's problem, one line, exit 2.
        if args.debug:
            raise
        _print_line(f"ph-assist: {describe_os_error(exc)}")
        return EXIT_USER
    except Exception as exc:  # a bug of ours: one line unless --debug
        if args.debug:
            raise
        print(translate("errors", "ph-assist: internal error ({error}); rerun with --debug and report it").format(
            error=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_INTERNAL


_ERRNO_TEXT = {  # translated where shown
    errno.ENAMETOOLONG: QT_TRANSLATE_NOOP("errors", "file name too long"),
    errno.ENOSPC: QT_TRANSLATE_NOOP("errors", "no space left on the device"),
    errno.EACCES: QT_TRANSLATE_NOOP("errors", "permission denied"),
    errno.EPERM: QT_TRANSLATE_NOOP("errors", "operation not permitted"),
    errno.EROFS: QT_TRANSLATE_NOOP("errors", "read-only file system"),
    errno.ENOENT: QT_TRANSLATE_NOOP("errors", "no such file or folder"),
    errno.ENOTDIR: QT_TRANSLATE_NOOP("errors", "a part of the path is not a folder"),
    errno.EISDIR: QT_TRANSLATE_NOOP("errors", "is a folder, not a file"),
    errno.EEXIST: QT_TRANSLATE_NOOP("errors", "already exists"),
    errno.EDQUOT: QT_TRANSLATE_NOOP("errors", "disk quota exceeded"),
    errno.EINVAL: QT_TRANSLATE_NOOP("errors", "invalid argument (not a usable file name or target here)"),
    errno.ELOOP: QT_TRANSLATE_NOOP("errors", "too many levels of symbolic links"),
}


def describe_os_error(exc: BaseException) -> str:
    """One line for an operating-system or input error the CLI cannot recover from."""
    if isinstance(exc, OSError):
        name = exc.filename if exc.filename is not None else None
        known = _ERRNO_TEXT.get(exc.errno or -1)
        text = translate("errors", known) if known else exc.strerror or type(exc).__name__
        return f"{os.fsdecode(name)}: {text}" if name is not None else f"{text} ({exc})"
    if isinstance(exc, RecursionError):
        return translate("errors", "an input file is nested too deeply to be read (e.g. JSON nested thousands of "
                                   "levels)")
    if isinstance(exc, UnicodeEncodeError):
        return translate("errors", "output cannot be written in this terminal's encoding ({encoding}); set "
                                   "PYTHONIOENCODING=utf-8 or rename the file").format(encoding=exc.encoding)
    if isinstance(exc, UnicodeError):
        return translate("errors", "text is not in the expected encoding ({error})").format(error=exc)
    if isinstance(exc, csv.Error):
        return translate("errors", "malformed CSV ({error})").format(error=exc)
    if isinstance(exc, MemoryError):
        return translate("errors", "not enough memory for this input; it is larger than anything PH-Assist reads")
    return f"{type(exc).__name__}: {exc}"  # pragma: no cover


def _print_line(text: str) -> None:
    """Print one line to stderr even where stderr cannot encode it."""
    text = " ".join(text.split())
    try:
        print(text, file=sys.stderr)
    except UnicodeEncodeError:
        print(text.encode("ascii", "backslashreplace").decode("ascii"), file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
