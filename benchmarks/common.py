"""What the benchmarks of the scheduled actions share: their command line, the database
they open and the timing of a call."""

import argparse
import time

import odoo
from odoo.modules.registry import Registry


def arguments(description, **options):
    """The command line: ``--config`` and ``--database`` of the throw-away database, and
    ``options`` (``name=default``: ``--name``, a whole number)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--config", required=True)
    parser.add_argument("--database", required=True)
    for name, default in options.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=default)
    return parser.parse_args()


def open_registry(args):
    """The registry of the database the command line names, under its configuration."""
    odoo.tools.config.parse_config(["-c", args.config])
    return Registry(args.database)


def timed(function):
    """``(seconds, result)`` of ``function()``."""
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result
