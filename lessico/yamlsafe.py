"""Strict, safe YAML for every input file (``glossary/*.yml``, ``sources/sources.yml``,
``bibliography/aliases.yml`` and ``ignore.yml``).

PyYAML's safe loader already refuses tags that run code; it still (1) keeps the last value of a
key given twice, so a second ``definition:`` silently erases the first, and (2) expands aliases
without a bound, so a 466-byte "billion laughs" file takes gigabytes. Here both are errors.
"""
from __future__ import annotations

import reprlib

import yaml

from .errors import InputError

# libyaml's parser when PyYAML has it (~10x faster); the constructor, where the duplicate-key
# rule lives, is Python in both
_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_NODES = 100_000  # values after alias expansion; the largest real input has a few thousand


class DuplicateKey(yaml.MarkedYAMLError):
    """A key given twice in one mapping (``problem_mark`` is the second one)."""


class StrictLoader(_BASE):
    def construct_mapping(self, node, deep=False):
        seen: dict = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                first = seen.setdefault(key, key_node.start_mark.line + 1)
            except TypeError:  # an unhashable key: PyYAML says so below
                continue
            if first != key_node.start_mark.line + 1:
                raise DuplicateKey(None, None, f"duplicate key {reprlib.repr(key)} (first at line {first})",
                                   key_node.start_mark)
        return super().construct_mapping(node, deep=deep)


def check_expansion(root, limit: int = MAX_NODES) -> None:
    """Count the values the document would have with every alias expanded, once per node
    (linear in the file, whatever it expands to), and refuse more than ``limit``."""
    size: dict[int, int] = {}
    stack = [(root, False)] if root is not None else []
    while stack:
        node, done = stack.pop()
        if id(node) in size:
            continue
        kids = ([c for kv in node.value for c in kv] if isinstance(node, yaml.MappingNode)
                else list(node.value) if isinstance(node, yaml.SequenceNode) else [])
        if not done:
            stack.append((node, True))
            stack.extend((k, False) for k in kids if id(k) not in size)
            continue
        size[id(node)] = 1 + sum(size.get(id(k), 0) for k in kids)
        if size[id(node)] > limit:
            raise yaml.MarkedYAMLError(None, None, f"YAML aliases expand to more than {limit:,} values",
                                       node.start_mark)


def parse(text: str):
    """``(data, root node)`` of one YAML document, strictly; raises PyYAML's errors."""
    loader = StrictLoader(text)
    try:
        root = loader.get_single_node()
        if "*" in text:  # no alias without "*": most files skip the count
            check_expansion(root)
        try:
            data = loader.construct_document(root) if root is not None else None
        except DuplicateKey as e:
            e.root = root  # the caller may name the entry that holds the key
            raise
    finally:
        loader.dispose()
    return data, root


def load(path, text: str):
    """The data of one input file; any YAML problem is one :class:`InputError` line naming the
    file and the line."""
    try:
        return parse(text)[0]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f"line {mark.line + 1}" if mark else "unknown line"
        kind = "" if isinstance(e, DuplicateKey) or "aliases expand" in str(e.problem) else "YAML syntax error: "
        raise InputError(path, f"{where}: {kind}{e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise InputError(path, f"YAML error: {e}") from None
    except RecursionError:
        raise InputError(path, "YAML nested too deeply") from None
