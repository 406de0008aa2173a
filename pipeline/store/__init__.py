"""The database: schema, loading, locks and the database contract.

Engines (db), alembic migrations, views, loading a parsed plan (load), the value
checks before loading (validate), advisory locks.  Imports parsers and models.
"""
