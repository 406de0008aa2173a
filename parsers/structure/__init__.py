"""Document structure: a RawDocument in, a ParsedPlan (sections, boxes, metadata) out.

Headings and sections (outline), boxes and their captions, flat tables, the plan's
metadata.  Imports parsers.read, parsers.words and models.
"""
