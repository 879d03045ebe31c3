#!/usr/bin/env python3
"""Micro-benchmark: catalogues on many pages, before and after the selection cache.

A book may hold a catalogue on many pages (a ``pattern-list`` per category
page, say one page in ten).  Each catalogue's selection used to be computed
from the whole index for every page that shows it, in every stage that needs
it (fingerprint, rendering, the orphan check): pages x patterns.  The domain
now keeps each query's selection until the index changes.  This script times
the selection alone, in process, for the old way (``select`` over
``patterns_by_id()`` per page) and the new one (``listed_patterns``, cached by
the domain's generation counter).  Usage::

    PYTHONPATH=. python bench/catalogue_pages.py --sizes 1000 5000
"""

from __future__ import annotations

import argparse
import time
import types

from sphinx_innersource.book import catalogues
from sphinx_innersource.core.model import Listing, Maturity, Pattern
from sphinx_innersource.core.query import Query, select
from sphinx_innersource.domain import InnerSourceDomain


def domain_with(n: int) -> InnerSourceDomain:
    # A domain needs only ``domaindata`` from its environment here.
    domain = InnerSourceDomain(types.SimpleNamespace(domaindata={}, version={}))
    for i in range(n):
        domain.note_pattern(Pattern(
            id=f"p{i:05d}", docname=f"patterns/p{i:05d}", title=f"Pattern {i:05d}",
            maturity=Maturity(i % 3 + 1), categories=[f"cat{i % 5}"]))
    return domain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--every", type=int, default=10, help="a catalogue on one page in EVERY")
    args = parser.parse_args()
    for n in args.sizes:
        domain = domain_with(n)
        listing = Listing(kind="pattern-list", query=Query(categories=("cat1",)))
        pages = n // args.every
        start = time.perf_counter()
        for _ in range(pages):
            select(domain.index.patterns_by_id().values(), listing.query)
        before = time.perf_counter() - start
        start = time.perf_counter()
        for _ in range(pages):
            catalogues.listed_patterns(domain, listing)
        after = time.perf_counter() - start
        print(f"N={n} catalogue pages={pages}: selection per build stage "
              f"before {before:.3f} s, after {after:.4f} s")


if __name__ == "__main__":
    main()
