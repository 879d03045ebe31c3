"""``sphinx-innersource new``: a small pattern book to start from.

The book builds with ``sphinx-build -W``: a ``conf.py``, a landing page, two
example patterns (one structured with a known instance, one initial) and a
page that explains the pattern template.  The texts are ours, written for
this starter; the organisations in the examples are fictional.
"""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

from .importer.dest import apply, check_destination, moved_lines, plan_writing
from .latex_conf import LATEX_CONF_LINES

CONF = '''\
# Sphinx configuration of the pattern book; see the sphinx-innersource docs
# for the innersource_* settings.

project = {project!r}
author = {author!r}
copyright = "%Y, " + author  # the footer of every page; %Y is the year of the build
extensions = ["myst_parser", "sphinx_design", "sphinx_innersource"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]

{latex}
'''

INDEX = '''\
# {project}

```{{hero-section}} Patterns that help teams share code
---
image: _static/cover.*
image-alt: Cover of the pattern book, two overlapping circles above the book's title
image-width: 30%
buttons: |
  Read the patterns <doc:patterns/office-hours> [primary]
  Write a pattern <doc:pattern-template> [outline]
---
Welcome to our collection of InnerSource patterns. Each pattern describes a
problem teams meet when they share code across the organisation, and a way
of solving it that has worked for someone.

New here? Read a pattern, then tell us where you have seen it work: every
story of a team that applied a pattern makes it more useful for the next
reader.
```

Browse the patterns by maturity in the {{ref}}`innersource-patterns`, and the
organisations that apply them in the {{ref}}`innersource-organisations`.

```{{patterns-toctree}}
:maxdepth: 1
:caption: Patterns
```

```{{patterns-toctree}}
:maxdepth: 1
:caption: Ideas in progress
:maturity: only initial
```

```{{toctree}}
:maxdepth: 1
:caption: Writing patterns

pattern-template
```

(office-hours)=
## Office hours

The editors of this book meet every week to review new patterns and answer
questions. The next sessions:

```{{calendar-embed}}
---
timezone: Europe/Berlin
ics: _static/office-hours.ics
events: 3
---
```

The list is read from `_static/office-hours.ics` when the book is built:
replace that file with an export of your own calendar, or give the id of a
public Google Calendar as the argument of `calendar-embed` to show the
calendar itself.
'''

COVER = '''\
<svg xmlns="http://www.w3.org/2000/svg" width="300" height="420" viewBox="0 0 300 420">
  <rect width="300" height="420" fill="#1f4e5f"/>
  <circle cx="125" cy="170" r="70" fill="#f2c14e" fill-opacity="0.85"/>
  <circle cx="175" cy="170" r="70" fill="#f78154" fill-opacity="0.85"/>
  <text x="150" y="320" font-family="sans-serif" font-size="26" fill="#ffffff"
        text-anchor="middle">Pattern Book</text>
</svg>
'''

#: The same cover as a PNG (made from COVER by Chromium at twice its size):
#: LaTeX cannot include an SVG, and the hero's ``_static/cover.*`` lets each
#: builder take the best format it supports (HTML the SVG, LaTeX the PNG).
COVER_PNG = "assets/starter-cover.png"

OFFICE_HOURS = '''\
# Contribution Office Hours

:::{pattern}
:maturity: structured
:aliases: Maintainer Drop-in
:authors: The pattern book editors
:categories: Adopt / Cultural Challenges
:patlet: People from other teams give up on a contribution because they cannot \
reach the maintainers. A fixed weekly slot where the maintainers are \
available to answer questions lowers that barrier.
:::

## Problem

Would-be contributors get stuck on questions only the host team can answer,
and the answer arrives too late for them to keep going.

## Context

- The host team owns a component that several other teams depend on.
- Questions arrive through many channels and at random times.

## Forces

- Maintainers need long stretches of focus for their own work.
- Contributors need quick answers while the change is fresh in their mind.

## Solutions

Reserve one hour each week in which at least one maintainer is available in
a shared call or chat room. Announce the slot in the project README and in
the contributing guide. Keep short notes of the questions asked and turn the
frequent ones into documentation.

## Resulting Context

Contributors know when they will get help, maintainers are interrupted less
often, and the notes gradually fill the gaps in the documentation.

## Known Instances

:::{known-instance} Example Logistics (fictional)
:year: 2024
The platform team opened a weekly drop-in hour; after three months most
questions about the build had moved from private messages to the drop-in
notes.
:::

## Status

Structured: one organisation has reported using it.
'''

STARTER_ISSUES = '''\
# Labelled Starter Issues

:::{pattern}
:maturity: initial
:authors: The pattern book editors
:related: office-hours
:patlet: Newcomers do not know where a first contribution would be welcome. \
Maintainers label a few small, well-described issues as a starting point.
:::

## Problem

People who would like to help a project cannot tell which open issues are
small enough, well understood and wanted by the maintainers.

## Context

The project keeps its work in an issue tracker that everyone can read.

## Forces

- Writing a clear issue takes longer than fixing a small problem yourself.
- A first contribution that goes wrong discourages the contributor.

## Solutions

Keep a handful of issues labelled as good starting points. Describe in each
one what done looks like and which files are involved, and point to the
{pattern}`office hours <office-hours>` for questions.

## Resulting Context

Newcomers find a way in without asking first, and maintainers see who is
interested in their project.

## Known Instances

None reported yet: this pattern is an idea waiting for its first story.

## Status

Initial.
'''

TEMPLATE = '''\
# Pattern template

Copy this skeleton into a new file under `patterns/` and replace the
placeholders. The landing page lists the new pattern by itself, under the
heading of its maturity.

```markdown
# Name of the pattern

:::{pattern}
:maturity: initial
:patlet: The problem in one sentence. The solution in one sentence.
:authors: Your name
:::

## Problem

## Context

## Forces

## Solutions

## Resulting Context

## Known Instances

:::{known-instance} Organisation name
:url: https://example.org/their-story
How the organisation applied the pattern, and what happened.
:::

## Status
```

## Maturity levels

initial
: An idea for a pattern, possibly with sections still missing.

structured
: A complete pattern that at least one organisation has applied.

validated
: A complete pattern backed by at least three known instances and a
  thorough review.

The build warns when a page lacks a section of the template or has fewer
known instances than its maturity needs. Before you open a pull request, run
`sphinx-build -W` to see those warnings as errors.
'''


OFFICE_HOURS_ICS = """\
BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//sphinx-innersource//starter book//EN\r
X-WR-CALNAME:Pattern office hours\r
X-WR-TIMEZONE:Europe/Berlin\r
BEGIN:VEVENT\r
UID:pattern-office-hours@starter.example\r
DTSTAMP:20260105T090000Z\r
DTSTART;TZID=Europe/Berlin:20260106T160000\r
DTEND;TZID=Europe/Berlin:20260106T170000\r
RRULE:FREQ=WEEKLY;BYDAY=TU\r
SUMMARY:Pattern office hours\r
LOCATION:Video call\r
END:VEVENT\r
END:VCALENDAR\r
"""

DEFAULT_AUTHOR = "The pattern book editors"


def starter_files(project: str, author: str = DEFAULT_AUTHOR) -> dict[str, str | bytes]:
    return {
        "conf.py": CONF.format(project=project, author=author,
                               latex="\n".join(LATEX_CONF_LINES)),
        "_static/office-hours.ics": OFFICE_HOURS_ICS,
        "index.md": INDEX.format(project=project),
        "patterns/office-hours.md": OFFICE_HOURS,
        "patterns/starter-issues.md": STARTER_ISSUES,
        "pattern-template.md": TEMPLATE,
        "_static/cover.svg": COVER,
        "_static/cover.png": resources.files(__package__).joinpath(COVER_PNG).read_bytes(),
    }


def write_starter(dest: Path, *, project: str = "Our InnerSource Patterns",
                  author: str = DEFAULT_AUTHOR, force: bool = False, out=None) -> int:
    out = out or sys.stdout
    check_destination(dest, force)
    files = starter_files(project, author)
    plan = plan_writing(dest, files)
    for line in moved_lines(plan):
        out.write(f"Kept aside, not overwritten: {line}\n")
    apply(dest, plan, files)
    out.write(f"Wrote a starter pattern book to {dest}. Build it with:\n"
              f"  sphinx-build -W -b html {dest} {dest / '_build' / 'html'}\n")
    return 0
