"""What the site publishes besides its pages: catalog.json, feeds, JSON-LD, packs, Word and PowerPoint copies,
attribution, stable addresses, and Pagefind's output made reproducible."""
