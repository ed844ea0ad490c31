"""Reading: a file's bytes into located front matter and body, a site's mkdocs.yml, and the problems found on the way
(collected, with file, line and column, never raised one at a time)."""
