"""MkDocs entry points: each hands the event to the ``lessico`` pipeline (see lessico/site.py)."""
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent  # the pipeline package sits beside hooks/
PACKAGE = ROOT / "lessico"


def _code_stamp() -> tuple:
    return tuple((p.as_posix(), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(PACKAGE.rglob("*"))
                 if p.is_file() and "__pycache__" not in p.parts)


def _forget_stale_package() -> None:
    """``mkdocs serve`` runs this file again before every rebuild, but Python keeps the modules
    it imported: when a file of the package changed (code or template), drop all its modules so
    that the import below reads the new code, each module re-importing what it needs in order.
    Unchanged code keeps its modules, and with them the model cached by lessico.site."""
    stamp = _code_stamp()
    loaded = sys.modules.get("lessico")
    if loaded is not None and getattr(loaded, "_code_stamp", stamp) != stamp:
        for name in [n for n in sys.modules if n == "lessico" or n.startswith("lessico.")]:
            del sys.modules[name]
    import lessico
    lessico._code_stamp = stamp


if sys.path[:1] != [str(ROOT)]:
    sys.path.insert(0, str(ROOT))
_forget_stale_package()
from lessico import site  # noqa: E402


@event_priority(100)  # before static-i18n (-100), which must see the generated docs folder
def on_config(config):
    return site.on_config(config)


def on_serve(server, config, builder):
    site.on_serve(server, config)
    return server


def on_post_build(config):
    site.on_post_build(config)


def on_post_page(output, page, config):
    return site.on_post_page(output)


def on_post_template(output_content, template_name, config):
    return site.on_post_page(output_content) if template_name == "404.html" else output_content
