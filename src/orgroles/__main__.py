"""`python -m orgroles` runs the command-line tool."""

from orgroles.cli import main

main()
