"""Search for a Project H library: what is filtered on, and the Pagefind indexing step.

Nothing here imports MkDocs: `projecth.mkdocs_search` is the thin plugin that
calls it, and `benchmarks/search.py` runs the same indexing on its own.
"""
