"""Running an ingest: the top stage below the CLI.

The Prefect flows, the in-process runner (steps), one file's ingest, parse workers
with a deadline, progress.
"""
