"""`pip install -e .` resolves without backtracking over the project's own pins.

pip resolves a requirement with extras (`sqlalchemy[asyncio]`, asked by prefect) apart
from the plain one (`sqlalchemy`, asked by alembic): a range the project pins on one
form only leaves pip free to try the newest wheels of the other first (nine sqlalchemy
2.1.x downloads before settling on 2.0.x).  So every form in which an installed
dependency asks for a package the project pins is pinned by the project too, with
the same range.
"""

from __future__ import annotations

from importlib import metadata

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def _requirements(dist: str, extras: frozenset[str]) -> list[Requirement]:
    """What distribution `dist` asks for when installed with `extras`, on this platform."""
    found = []
    for line in metadata.requires(dist) or []:
        requirement = Requirement(line)
        marker = requirement.marker
        if marker is None or any(
            marker.evaluate({**default_environment(), "extra": e}) for e in {"", *extras}
        ):
            found.append(requirement)
    return found


def test_every_form_of_a_pinned_package_is_pinned_alike() -> None:
    ours = _requirements("mrplans", frozenset())
    pinned = {canonicalize_name(r.name): r.specifier for r in ours if r.specifier}
    our_forms = {(canonicalize_name(r.name), frozenset(r.extras)): r.specifier for r in ours}
    asked: set[tuple[str, frozenset[str]]] = set()
    todo, seen = list(ours), set()
    while todo:
        requirement = todo.pop()
        form = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        asked.add(form)
        if form in seen:
            continue
        seen.add(form)
        try:
            todo.extend(_requirements(requirement.name, form[1]))
        except metadata.PackageNotFoundError:  # an optional dependency not installed here
            continue
    unpinned = sorted(
        f"{name}[{','.join(sorted(extras))}]"
        for name, extras in asked
        if name in pinned and (name, extras) not in our_forms
    )
    assert not unpinned, f"pinned by mrplans in another form only: {unpinned}"
    for (name, _extras), specifier in our_forms.items():
        if name in pinned:
            assert specifier == pinned[name], name
