import sys

from ph_assist.cli import main

sys.exit(main())
