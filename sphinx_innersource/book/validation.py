"""Checks that need the whole book: run once all pages are read.

They run on every build (``env-check-consistency``), incremental or not, so
``sphinx-build -W`` fails the same way whether a page was re-read or not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.checks import maturity_message, min_instances, needed_instances
from ..core.model import Maturity, PatternIndex
from ..core.organisations import Registry, variant_groups
from ..domain import get_domain
from ..logs import warn

__all__ = ["check_index", "min_instances"]

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def _loc(record) -> tuple[str, int | None]:
    return (record.docname, record.lineno)


def check_organisations(index: PatternIndex, registry: Registry) -> None:
    """One ``organisation`` warning per group of names that look like spellings of
    one organisation (:func:`~sphinx_innersource.core.organisations.variant_groups`)."""
    for group in variant_groups(((i.organisation, i) for i in index.iter_instances()),
                                registry):
        if all(name in registry.entries for name in group.names):
            continue  # declared as separate organisations
        keep = group.preferred(registry)
        others = group.aliases(registry)
        places = [i for name in group.names for i in group.names[name]]
        where = ", ".join(f"{i.docname}:{i.lineno}" for i in places[:8]) + (
            f" and {len(places) - 8} more" if len(places) > 8 else "")
        fix = (f"add {', '.join(map(repr, others))} to the aliases of {keep!r} in "
               "innersource_organisations" if keep in registry.entries else
               f"declare one name in conf.py: innersource_organisations = "
               f"{{{group.entry(registry)}}}")
        first = next(i for name in others for i in group.names[name])
        warn(f"the organisation names {', '.join(map(repr, group.names))} look like "
             f"spellings of one organisation and are counted as {len(group.names)} "
             f"({where}). Fix: {fix}", subtype="organisation", location=_loc(first))


def check_index(index: PatternIndex, config, registry: Registry | None = None) -> None:
    """Emit every cross-page warning of *index*."""
    by_id = index.patterns_by_id()
    aliases = index.alias_map()

    def lookup(target: str):
        return by_id.get(target) or by_id.get(aliases.get(target, ""))

    for dup, owner in index.duplicates():
        warn(f"duplicate pattern id {dup.id!r}: {owner.docname!r} declares it already. "
             "Fix: give one of them another ':id:'", subtype="duplicate_id", location=_loc(dup))

    organisations: dict[str, set[str]] = {}
    for instance in index.iter_instances():
        if not instance.pattern_id:
            continue  # reported when its page was read
        pattern = lookup(instance.pattern_id)
        if pattern is None:
            warn(f"known instance {instance.organisation!r} names the unknown pattern "
                 f"{instance.pattern_id!r}. Fix: use the id of an existing pattern in "
                 "':pattern:'", subtype="instance", location=_loc(instance))
            continue
        # One count per organisation (canonical name) and pattern.
        organisations.setdefault(pattern.id, set()).add(instance.org_key
                                                        or instance.organisation)
    check_organisations(index, registry or Registry())

    check_related = config.innersource_check_related_maturity
    for pattern in by_id.values():
        for target in pattern.related:
            other = lookup(target)
            if other is None:
                warn(f"pattern {pattern.id!r} relates to the unknown pattern {target!r}. "
                     "Fix: use the id of an existing pattern in ':related:' (ids are "
                     "the file names of pattern pages unless ':id:' sets one)",
                     subtype="related", location=_loc(pattern))
            elif (check_related and pattern.level >= Maturity.STRUCTURED
                  and other.level < pattern.level):
                level = (f"only {other.maturity_key}" if other.maturity
                         else "without a maturity")
                warn(f"{pattern.maturity_key} pattern {pattern.id!r} relates to "
                     f"{other.id!r}, which is {level}: "
                     "the contributor handbook wants related patterns of the same level or "
                     "higher. Fix: promote the related pattern or drop the relation",
                     subtype="related_maturity", location=_loc(pattern))
        if pattern.maturity is None:
            continue
        needed = needed_instances(pattern, config)
        have = len(organisations.get(pattern.id, ()))
        if have < needed:
            warn(maturity_message(pattern, have, needed),
                 subtype="maturity", location=_loc(pattern))


def check_orphans(env: BuildEnvironment, root_doc: str) -> None:
    """Every pattern page must be in a toctree or shown by a ``pattern-list``."""
    from .catalogues import listed_docnames
    from .toctree import included_docnames

    domain = get_domain(env)
    reachable = included_docnames(env) | listed_docnames(domain) | {root_doc}
    for pattern in domain.patterns.values():
        if pattern.docname not in reachable:
            warn(f"pattern page {pattern.docname!r} ({pattern.id!r}) is in no toctree and "
                 "no pattern-list, so readers of the book cannot find it. Fix: widen the "
                 "filters of a patterns-toctree (e.g. ':maturity: all') or add a "
                 "pattern-list that shows it", subtype="orphan", location=_loc(pattern))


def on_check_consistency(app: Sphinx, env: BuildEnvironment) -> None:
    domain = get_domain(env)
    check_index(domain.index, app.config, domain.registry())
    check_orphans(env, app.config.root_doc)


def setup(app: Sphinx) -> None:
    app.connect("env-check-consistency", on_check_consistency)
