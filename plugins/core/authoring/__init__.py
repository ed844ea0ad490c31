"""Helping contributors: new files and new sites, conversion from Word and other libraries' syntax, fixes by
machine, import from another library, the field guide, the check's report and CODEOWNERS."""
