"""`python -m orgroles` runs the command-line tool."""

from orgroles.entry import main  # first: Ctrl-C is answered from here on

main()
