"""MkDocs entry points: each hands the event to the ``lessico`` pipeline (see lessico/site.py)."""
import sys
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

ROOT = Path(__file__).resolve().parent.parent  # the pipeline package sits beside hooks/
if sys.path[:1] != [str(ROOT)]:
    sys.path.insert(0, str(ROOT))
from lessico import site  # noqa: E402


@event_priority(100)  # before static-i18n (-100), which must see the generated docs folder
def on_config(config):
    return site.on_config(config)


def on_serve(server, config, builder):
    site.on_serve(server, config)
    return server


def _post_build(config):
    site.on_post_build(config)


@event_priority(-110)  # after static-i18n (-100) has written the combined search index, and the offline plugin its script
def _post_build_search(config):
    site.split_search_index(config)


on_post_build = CombinedEvent(_post_build, _post_build_search)


def on_page_context(context, page, config, nav):
    site.on_page_context(context, page, config)
    return context


def on_post_page(output, page, config):
    return site.on_post_page(output)


def on_post_template(output_content, template_name, config):
    return site.on_post_page(output_content) if template_name == "404.html" else output_content
