"""A maintainer's look at a reading or a database.

How a file is read (inspect), what the records cover (coverage), two versions of a
plan (diff), the golden checks (check).  Imports pipeline.store, parsers and models.
"""
