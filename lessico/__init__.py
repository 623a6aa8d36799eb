"""Lessico dei distretti: the build pipeline (read -> model -> render -> write).

The package knows nothing of MkDocs: it takes paths and returns a model and page texts.
"""
__version__ = "0.1.0"
SITE_NAME = "Lessico dei distretti"  # a title, not a use of the term "distretti"
