"""Exchanging the social map with other systems. Readers and a writer of
files only: every write to the map goes through services.py.

- ``spreadsheet``: partner organisations' lists of offers (CSV or .xlsx),
  checked row by row and shown before they are applied;
- Open Referral HSDS 3.0, in the specification's tabular form: a folder with
  ``datapackage.json`` and one CSV file per table. ``schema`` describes the
  tables, ``export`` writes a package, ``hsds_import`` reads one (with
  ``hsds_package``, ``hsds_rows``, ``hsds_parse`` and ``hsds_check``).

Wijknet reads and writes eight HSDS tables: organizations, services,
locations, service_at_location, schedules, contacts, phones and addresses.
Every file carries all columns of the HSDS header (columns Wijknet does not
model stay empty). Data only Wijknet has (working method, support ladder,
Wmo performance fields, life domains, target groups, neighbourhoods, ...)
travel in extra columns whose names start with ``x_wijknet_``; HSDS tabular
data allow extra fields, and ``datapackage.json`` describes them.

Mapping notes:

- a Wijknet location holds one address; the export writes it as one
  ``physical`` address row whose id is derived from the location's id, and
  the import takes a location's physical address (or else its first one);
- ``eligibility_description`` is written from the target groups; the import
  reads the ``x_wijknet_`` columns instead;
- ``opens_at``/``closes_at`` are local (Europe/Amsterdam) times.

How the HSDS import checks and what it writes: see hsds_import.
"""
