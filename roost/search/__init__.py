"""Standard search (GET search/tweets): ast.py -> parser.py -> plan.py -> execution per store."""
