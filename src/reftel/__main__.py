"""`python -m reftel` runs the command line."""

from reftel.cli.main import app

app()
