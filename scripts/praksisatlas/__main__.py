"""``python -m praksisatlas`` runs the command line."""

from praksisatlas.cli import main

main()
