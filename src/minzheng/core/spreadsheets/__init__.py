"""Excel in and out of the registry: the household import template, the import
itself (validate every row first, then commit all or nothing), the error workbook
that names each bad row and field, and the scoped, masked exports.

See docs/spreadsheets-and-documents.md.
"""
