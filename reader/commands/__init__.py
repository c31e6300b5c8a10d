"""Subcommands of the `reader` command line; each module registers one or more."""
