"""Reports: one registry of report kinds (``registry``), their contexts, Word and Excel files, charts.

The shipped kinds are declared in ``kinds``, imported here so that every reader of the
registry sees them.
"""

from app.reports import kinds  # noqa: F401  (registers the shipped report kinds)
