"""Orchestration: Prefect flow, loading into the database, comparison and the CLI."""
