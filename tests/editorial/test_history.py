"""editorial/history.py: what django-reversion records, and that it is registered when the app is ready."""

import ast
from pathlib import Path

import reversion
from django.apps import apps

from igfapp.editorial import history
from igfapp.models import Article, Section


def test_history_stores_sources_not_rendered_html():
    fields = history.history_fields(Section)
    assert "body_md" in fields and "version" in fields
    assert "body_html" not in fields and "word_count" not in fields
    assert "citation_index" not in history.history_fields(Article)


def test_history_is_registered_when_the_app_is_ready_not_on_import():
    for model in history.HISTORY_MODELS:
        reversion.unregister(model)
    try:
        assert not reversion.is_registered(Article)
        apps.get_app_config("igfapp").ready()
        assert all(reversion.is_registered(model) for model in history.HISTORY_MODELS)
    finally:
        history.register_history()


def test_no_module_of_the_package_registers_anything_when_imported():
    """Only definitions, imports and constants at module level: no call runs on import."""
    package = Path(history.__file__).parent
    for path in package.glob("*.py"):
        for node in ast.parse(path.read_text()).body:
            assert not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)), f"{path.name}:{node.lineno}"
