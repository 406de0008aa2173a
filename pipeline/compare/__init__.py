"""Comparison across and within plans: zone links and findings, recomputed after every ingest."""
