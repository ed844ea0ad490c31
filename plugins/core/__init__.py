"""The library's domain logic, free of MkDocs so it outlives any one site generator."""
