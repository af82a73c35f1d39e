"""The command line (python -m otmodel …): commands parse their options and delegate to the domain."""

from otmodel.cli.commands import REFUSED, main

__all__ = ["REFUSED", "main"]
