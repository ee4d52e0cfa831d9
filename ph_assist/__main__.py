import sys

from ph_assist.cli import main

if __name__ == "__main__":
    sys.exit(main())
