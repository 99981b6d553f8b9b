"""Shared code for the notebooks of the reproducible edition of Rudi (2021).

Modules: ``paths`` (where things live), ``datapackage`` (validating loader),
``numbers`` (Indonesian number text), ``stats`` (recomputations),
``tables`` (MyST tables), ``plots`` (figure style), ``labels`` (reader-facing
strings), ``publish`` (glue helpers used by notebooks).
"""
