"""What the database is read into: the Python API, export, the HTML report, browse.

Imports pipeline.compare, pipeline.store, parsers and models.
"""
