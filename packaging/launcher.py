"""Entry point of the desktop build (``PH-Assist``), frozen by PyInstaller.

``PH-Assist`` with no arguments, or with the options of ``ph-assist gui``
(``--demo``, ``--screenshot OUT.png`` ...), opens the desktop app; a
sub-command (``PH-Assist assess ...``, ``PH-Assist bundle verify ...``) runs the
command line, as ``ph-assist`` does in a Python install.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    # Worker processes (``synth --workers``) re-enter the frozen executable.
    multiprocessing.freeze_support()
    argv = sys.argv[1:]
    if argv and not argv[0].startswith("-") and argv[0] != "gui":
        from ph_assist.cli import main
    else:
        from ph_assist.cli.gui import main

        if argv and argv[0] == "gui":
            argv = argv[1:]
    sys.exit(main(argv))
