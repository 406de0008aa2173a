"""Format readers: file bytes in, a RawDocument (paragraphs and tables) out.

One module (or package) per format, each a Reader of base.py, all listed in
readers.READERS.  Imports parsers.words and models.
"""
