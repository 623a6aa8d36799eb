"""MkDocs entry points: each hands the event to the ``lessico`` pipeline (see lessico/site.py)."""
from mkdocs.plugins import event_priority

from lessico import site


@event_priority(100)  # before static-i18n (-100), which must see the generated docs folder
def on_config(config):
    return site.on_config(config)


def on_post_build(config):
    site.on_post_build(config)
