"""python -m roost -> the roost command."""

from roost.cli.main import main

raise SystemExit(main())
