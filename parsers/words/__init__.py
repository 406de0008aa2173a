"""Shared words and numbers, below every other stage of the parsers.

Text helpers, units, values, minerals, cell spans, header rows and the word lists
of models/vocab (lexicon).  Imports only models.
"""
