"""Shared vocabulary of mrplans: the document model, record types, ORM and word lists."""
