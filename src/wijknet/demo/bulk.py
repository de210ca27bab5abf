"""Writing the seed's rows fast: the helpers every phase of the seed shares.

The seed writes hundreds of thousands of rows at the large scales. Rows that
other rows point to go in with ``bulk_create`` (their ids come back); rows
nothing points to go in as plain rows (``insert_rows``), which skips building
a model instance for each. Either way the number of queries grows with the
number of batches, not with the number of rows.

Every phase of the seed takes them from here.
"""

import contextlib

from django.db import connection

BATCH_SIZE = 2000


def insert_rows(model, fields: tuple[str, ...], rows: list[tuple]) -> None:
    """Plain rows into ``model``'s table. A value that is a model instance
    stands for its id; dates and times are adapted for the database as
    Django adapts them. SQLite takes a batch at a time as one executemany of
    a prepared statement; PostgreSQL takes the rows through COPY (an
    executemany there costs a round trip per row, and a multi-row INSERT as
    much again in parsing)."""
    if not rows:
        return
    meta, quote, ops = model._meta, connection.ops.quote_name, connection.ops
    concrete = [meta.get_field(name) for name in fields]
    converters = []
    for column in concrete:
        if column.is_relation:
            converters.append(_pk)
        elif column.get_internal_type() == "DateTimeField":
            converters.append(ops.adapt_datetimefield_value)
        elif column.get_internal_type() == "DateField":
            converters.append(ops.adapt_datefield_value)
        else:
            converters.append(None)
    table = quote(meta.db_table)
    columns = ", ".join(quote(column.column) for column in concrete)

    def adapted(batch):
        return [
            tuple(
                value if convert is None or value is None else convert(value)
                for convert, value in zip(converters, row, strict=True)
            )
            for row in batch
        ]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in adapted(rows):
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(concrete))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, adapted(rows[start : start + BATCH_SIZE]))


def _pk(value):
    return value if isinstance(value, int) else value.pk


@contextlib.contextmanager
def explicit_timestamps(*fields):
    """bulk_create stamps auto_now and auto_now_add fields with the current
    time; the seed needs the moments it drew, so switch that off meanwhile."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
