"""Writing the seed's rows fast: the helpers every phase of the seed shares.

The seed writes hundreds of thousands of rows at the large scales. Rows that
other rows point to go in with ``bulk_create`` (their ids come back); rows
nothing points to go in as plain rows (``insert_rows``), which skips building
a model instance for each. Either way the number of queries grows with the
number of batches, not with the number of rows.

The helpers have one home, beside the trajectories' saving (``demo.cases``),
which needed them first; the other phases take them from here.
"""

from wijknet.demo.cases import _explicit_timestamps as explicit_timestamps
from wijknet.demo.cases import _insert_rows as insert_rows

__all__ = ["BATCH_SIZE", "explicit_timestamps", "insert_rows"]

BATCH_SIZE = 2000
