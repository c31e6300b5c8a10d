"""The library: documents in the store, imports, indexing, full-text search, the seeds."""
