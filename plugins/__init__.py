"""Project H: an open practice library toolkit for school trusts.

`projecth.core` holds the domain logic (content model, validation, catalogue)
and imports nothing from MkDocs; the `mkdocs_*` modules are thin plugins over it.
"""

__version__ = "0.1.0"
