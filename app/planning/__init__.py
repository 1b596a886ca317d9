"""Planning: objectives, targets, gap ranking, initiatives and the roadmap scheduler;
the organisation design (``organisation*`` modules).

Pure functions over plain data (no Qt, no database): a ``Plan`` in, gaps, a
``Schedule`` and an evolution path out. Each module states its rule in its docstring.
"""
