"""The fit weights: how sure an interpreter is that a box is its kind, named for the evidence behind them.

Every interpreter's ``fit`` (parsers/interpret/registry.py) returns one of these, or a sum of
them; the registry reads a box with the best fit when it reaches MIN_FIT and reports a
tie when the runner-up is within TIE_MARGIN.  They rank evidence, they are not
probabilities: the box title naming the kind and the columns the interpreter needs
outrank either alone.
"""

from __future__ import annotations

NO_FIT = 0.0  # the columns the interpreter needs are missing: never its kind
TITLE_AND_COLUMNS = 0.9  # the title (or the box's own words) names the kind and the needed columns are there
TITLE_AND_NAMES = 0.7  # the title names the kind and a name column is there (an inventory of minerals)
COLUMNS_AND_NAMES = 0.7  # two of the kind's columns, and names in the name column that are the kind's
COLUMNS_ONLY = 0.6  # the needed columns (or items) without a title word: what most untitled boxes score
TITLE_ONLY = 0.6  # the title names the kind, which needs no particular columns (descriptive)
COLUMN_ROLES = 0.5  # columns whose roles belong to the kind (measures, three zone roles), no title word
TITLE_WORD = 0.4  # added when the title names the kind to a score the columns alone give
FEWEST_COLUMNS = 0.4  # the kind's one indispensable column and nothing that confirms it
TEXT_ONLY = 0.35  # a table of text without numbers: read as descriptive when nothing else fits
NUMBERS_ONLY = 0.3  # numbers beside a name column and no role that says what they are

MIN_FIT = NUMBERS_ONLY  # below it, no interpreter reads the box (kind other, a low_fit diagnostic)
TIE_MARGIN = 0.05  # a runner-up this close to the best fit is reported as a tie
