"""The content model: every front-matter field described once (specs.py), the kinds of value a field holds
(field_kinds.py), the controlled vocabularies of taxonomy.yml (taxonomy.py) and the licences (licences.py)."""
