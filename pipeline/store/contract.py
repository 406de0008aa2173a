"""The database contract in analysts' words: the contract views in order, their titles and column labels.

One source, pipeline/store/contract.yaml, for the Datasette metadata (`mrplans browse`), the
export headers (`mrplans export --labels zh|en`) and the Python API (pipeline.outputs.api).
A column is labelled by its view's own entry, else by the shared entry for its name.
Cheap to import (the CLI reads the label languages and export formats from here): the
YAML is read on the first call of contract_views(), shared_labels() or contract_names().
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

Language = Literal["zh", "en"]
ExportFormat = Literal["csv", "xlsx", "parquet"]


@dataclass(frozen=True)
class Label:
    """A column's name in Chinese and English, with an optional unit and an explanatory note."""

    zh: str
    en: str
    unit: str | None = None
    note: str | None = None

    def text(self, language: Language) -> str:
        """The label in one language with its unit: 面积（km²） or Area (km²)."""
        name = self.zh if language == "zh" else self.en
        if self.unit is None:
            return name
        return f"{name}（{self.unit}）" if language == "zh" else f"{name} ({self.unit})"

    def description(self) -> str:
        """Both languages, the unit and the note: 面积 · Area (km²)."""
        unit = f" ({self.unit})" if self.unit else ""
        note = f" — {self.note}" if self.note else ""
        return f"{self.zh} · {self.en}{unit}{note}"


@dataclass(frozen=True)
class ContractView:
    """One contract view: titles and descriptions in both languages, its ordering key, its own labels."""

    name: str
    zh: str
    en: str
    about_zh: str
    about_en: str
    key: tuple[str, ...]
    labels: dict[str, Label]

    def title(self, language: Language) -> str:
        return self.zh if language == "zh" else self.en


@cache
def _load() -> tuple[dict[str, ContractView], dict[str, Label]]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when the wheel has it: 5× faster
    text = Path(__file__).with_name("contract.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=loader)
    views = {
        name: ContractView(
            name=name,
            zh=view["zh"],
            en=view["en"],
            about_zh=view["about_zh"],
            about_en=view["about_en"],
            key=tuple(view["key"]),
            labels={column: Label(**label) for column, label in view["columns"].items()},
        )
        for name, view in data["views"].items()
    }
    return views, {column: Label(**label) for column, label in data["columns"].items()}


def contract_views() -> dict[str, ContractView]:
    """Every contract view by name, in contract order (read from contract.yaml once)."""
    return _load()[0]


def shared_labels() -> dict[str, Label]:
    """The labels shared by every view, by column name."""
    return _load()[1]


@cache
def contract_names() -> tuple[str, ...]:
    """The contract view names in order: plan, section, box, box_cell, indicator …"""
    return tuple(contract_views())


def column_label(view: str, column: str) -> Label | None:
    """The label of `column` in `view`: the view's own, else the shared one; None when unlabelled."""
    views = contract_views()
    own = views[view].labels if view in views else {}
    return own.get(column) or shared_labels().get(column)


def header(view: str, column: str, language: Language | None) -> str:
    """The column's header in `language` (with its unit), or the column name itself."""
    label = column_label(view, column) if language else None
    return label.text(language) if label and language else column
