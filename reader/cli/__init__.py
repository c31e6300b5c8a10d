"""The `reader` command line: the entry point (`main`), and one module per group of subcommands."""
