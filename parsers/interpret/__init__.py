"""Table interpretation: a ParsedPlan's boxes into typed records.

Each box's layout, the interpreters (entry points of `mrplans.interpreters`,
registry.py) and the reading profiles.  Imports the parser stages below it and models.
"""
