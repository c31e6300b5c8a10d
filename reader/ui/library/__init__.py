"""The library feature: the document list (model, panel), imports, watched folders, search."""
