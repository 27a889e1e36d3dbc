"""The record: sourced claims resolved into facts, queried as of a date.

One module per concept of the schema (:mod:`csto.record.state`, :mod:`csto.record.membership`, …), partial
dates (:mod:`csto.record.dates`), loading and validation (:mod:`csto.record.load`), as-of queries
(:mod:`csto.record.query`) and the typed rows the front ends print (:mod:`csto.record.rows`). The lowest
layer: it imports nothing else of ``csto`` but :mod:`csto.errors` and :mod:`csto.files`.
"""
