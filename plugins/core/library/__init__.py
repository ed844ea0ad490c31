"""The library as a whole: loading every file through its kind (loader.py), the catalogue and its indexes, the
curriculum's versions, page history, review dates and the network groups' reports."""
