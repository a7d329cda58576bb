"""Twitter API v2 endpoints (errors as problems: render/problems.py)."""
