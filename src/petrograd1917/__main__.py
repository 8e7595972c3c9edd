"""`python -m petrograd1917` runs the command line."""

from petrograd1917.cli import main

raise SystemExit(main())
