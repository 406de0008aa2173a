"""Reading profiles: a YAML file that adjusts how one plan is read, for its quirks, without code.

A profile matches a plan by region and/or title (every key given must hold) and may
add printed names to the vocabularies and override, box by box, the header row count
and column roles, skip a box (with the reason) or name the interpreter to use:

    match:
      region: 策勒县                 # plan region, as in models/vocab/regions.csv
      title: 策勒县矿产资源总体规划     # a part of the plan title
    note: why this profile exists
    mineral_aliases: {羊脂玉: 玉石}   # printed name → canonical mineral (models/vocab/minerals.csv)
    region_aliases: {策勒: 策勒县}     # printed name → full region name (models/vocab/regions.csv)
    outline: [第X章, 第X节, 一、, （一）]  # heading styles, top down (parsers/structure/outline.py STYLES);
                                        # numbered lines of other styles are body text
    captions: [表, 附表]              # the words that caption its tables (default 专栏, 附表, 表)
    boxes:
      1:                             # the 专栏 number
        header_rows: 2
        roles: {3: target, 6: attribute}   # column index (0-based) → role (column_roles.csv) or null
      3:
        skip: quotes the prefecture's targets for the county
      5:
        interpreter: zone_table      # whatever the fits say
    pdf:                             # the PDF engine's tolerances for this plan (parsers/read/pdf/options.py)
      snap: 3.0                      # points: rule positions this close are one rule
      column_gap: 1.2                # em: glyphs further apart are in different columns

Profiles live in one folder, every ``*.yaml``/``*.yml`` file in it: ``MRPLANS_PROFILES`` when
set (``--profiles DIR`` on the command line sets it), else ``profiles/`` in the source tree.
Files are validated when loaded: an unknown key, a wrong type, an unknown role, mineral,
region or interpreter, a `pdf:` value out of its range is a ProfileError naming the file and the
key.  `outline` and `captions` apply when the plan's structure is read, `pdf` when a PDF plan is
read (parsers.parse reads it again with them); everything else through parsers.interpret.plan.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    NonNegativeInt,
    PositiveInt,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

import parsers
from models.document import PlanMeta
from models.vocabulary import minerals, regions
from parsers.interpret import registry
from parsers.read.pdf.options import PdfOptions
from parsers.structure.outline import STYLES
from parsers.words.lexicon import roles

ENV = "MRPLANS_PROFILES"
DEFAULT_DIR = Path(parsers.__file__).resolve().parent.parent / "profiles"  # the checkout's profiles/
_SUFFIXES = (".yaml", ".yml")


class ProfileError(ValueError):
    """A profile file that cannot be used: the file and every problem, each naming its key."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path, self.problems = path, problems
        super().__init__(f"{path}: " + "; ".join(problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Match(_Strict):
    region: str | None = None
    title: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _not_empty(self) -> Match:
        if self.region is None and self.title is None:
            raise ValueError("give region or title (or both)")
        return self

    def matches(self, meta: PlanMeta) -> bool:
        return (self.region is None or meta.region == self.region) and (
            self.title is None or self.title in meta.title
        )


class BoxProfile(_Strict):
    header_rows: int | None = Field(default=None, ge=0, le=10)
    roles: dict[NonNegativeInt, str | None] = Field(default_factory=dict)
    skip: str | None = Field(default=None, min_length=1)  # the reason the box is not read
    interpreter: str | None = None

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, value: dict[int, str | None]) -> dict[int, str | None]:
        unknown = sorted({r for r in value.values() if r is not None} - set(roles()))
        if unknown:
            raise ValueError(f"unknown role {', '.join(unknown)} (known: {', '.join(roles())})")
        return value

    @field_validator("interpreter")
    @classmethod
    def _known_interpreter(cls, value: str | None) -> str | None:
        if value is not None and value not in registry.names():
            raise ValueError(f"unknown interpreter {value} (installed: {', '.join(registry.names())})")
        return value

    @model_validator(mode="after")
    def _skip_alone(self) -> BoxProfile:
        if self.skip is not None and self.interpreter is not None:
            raise ValueError("a skipped box has no interpreter: give skip or interpreter")
        return self


class Profile(_Strict):
    match: Match
    note: str = ""
    mineral_aliases: dict[str, str] = Field(default_factory=dict)
    region_aliases: dict[str, str] = Field(default_factory=dict)
    outline: tuple[str, ...] | None = Field(default=None, min_length=1)
    captions: tuple[str, ...] | None = Field(default=None, min_length=1)
    boxes: dict[PositiveInt, BoxProfile] = Field(default_factory=dict)
    pdf: PdfOptions | None = None  # None: the PDF engine's defaults
    _path: Path = PrivateAttr(default=Path("<memory>"))

    @field_validator("outline")
    @classmethod
    def _known_styles(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        unknown = [s for s in value or () if s not in STYLES]
        if unknown:
            raise ValueError(f"unknown style {', '.join(unknown)} (known: {', '.join(STYLES)})")
        if value and len(set(value)) != len(value):
            raise ValueError("a style is listed twice")
        return value

    @field_validator("captions")
    @classmethod
    def _caption_words(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        bad = [w for w in value or () if not w.strip() or any(ch.isdigit() or ch.isspace() for ch in w)]
        if bad:
            raise ValueError(
                f"a caption word is a word without digits or spaces, not {', '.join(map(repr, bad))}"
            )
        return value

    @property
    def rereads(self) -> bool:
        """Whether the plan's structure is read again with this profile's outline or caption words."""
        return self.outline is not None or self.captions is not None

    @field_validator("mineral_aliases")
    @classmethod
    def _known_minerals(cls, value: dict[str, str]) -> dict[str, str]:
        minerals().with_aliases(value)  # ValueError names the unknown minerals or the clash
        return value

    @field_validator("region_aliases")
    @classmethod
    def _known_regions(cls, value: dict[str, str]) -> dict[str, str]:
        regions().with_short_names(value)
        return value

    @property
    def path(self) -> Path:
        return self._path

    def box(self, number: int) -> BoxProfile:
        return self.boxes.get(number) or NO_CHANGE


NO_CHANGE = BoxProfile()  # a box no profile mentions: read as detected
_KEYS = sorted({key for model in (Profile, Match, BoxProfile, PdfOptions) for key in model.model_fields})


def parse_profile(text: str, path: Path) -> Profile:
    """The profile in YAML text; path is where it came from (for messages)."""
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise ProfileError(path, [f"not valid YAML: {' '.join(str(err).split())}"]) from None
    try:
        profile = Profile.model_validate(data)
    except ValidationError as err:
        raise ProfileError(path, [_problem(e) for e in err.errors()]) from None
    profile._path = path
    return profile


def _problem(error: ErrorDetails) -> str:
    where = ".".join(str(part) for part in error["loc"]) or "(top level)"
    if error["type"] == "extra_forbidden":
        key = str(error["loc"][-1])
        close = difflib.get_close_matches(key, _KEYS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f" (known keys: {', '.join(_KEYS)})"
        return f"{where}: unknown key {key!r}{hint}"
    message = error["msg"].removeprefix("Value error, ")
    return f"{where}: {message}"


@lru_cache(maxsize=256)
def _load_file(path: Path, mtime_ns: int) -> Profile:
    """A profile file, parsed once per version (its modification time is part of the key)."""
    return parse_profile(path.read_text(encoding="utf-8"), path)


@dataclass(frozen=True)
class ProfileSet:
    profiles: tuple[Profile, ...] = ()

    def match(self, meta: PlanMeta) -> Profile | None:
        """The profile of the plan, None when none matches; two matching profiles are an error."""
        found = [p for p in self.profiles if p.match.matches(meta)]
        if len(found) > 1:
            others = ", ".join(str(p.path) for p in found[1:])
            raise ProfileError(found[0].path, [f"match: the plan {meta.title} is also matched by {others}"])
        return found[0] if found else None


def profiles_dir() -> Path:
    return Path(os.environ.get(ENV) or DEFAULT_DIR)


def load_profiles(folder: Path | None = None) -> ProfileSet:
    """Every profile in the folder (default: profiles_dir()); a missing folder holds none."""
    folder = folder if folder is not None else profiles_dir()
    files = sorted(p for p in folder.iterdir() if p.suffix in _SUFFIXES) if folder.is_dir() else []
    return ProfileSet(tuple(_load_file(path, path.stat().st_mtime_ns) for path in files))
