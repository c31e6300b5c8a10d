"""The project's own promises: packaging, README, lint, benchmarks harness, bundle."""
