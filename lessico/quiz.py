"""The self-check quiz: multiple-choice questions built from a list of concepts (render stage).

Two kinds of question per concept: its definition with four candidate terms, and its term with
four candidate equivalents in the other language. Distractors come from the same theme where it
has enough concepts, drawn by a generator seeded with the concept's id: the build stays
reproducible, and the page's script only shuffles the order of the questions. A definition never shows the answer: every label
of the concept, in both languages, is masked in it.

``quiz_view`` takes any list of concepts (the glossary, later a course's) and a pool to draw
distractors from, so a short list still gets four candidates per question.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import Callable, Iterable

from .i18n import t
from .model import LANGS, Concept
from .text import fold

CHOICES = 4
ROUND = 10  # questions per round; the page's script draws them from the whole list
MASK = "…"
_UI = ("quiz_check", "quiz_next", "quiz_result", "quiz_restart", "quiz_right", "quiz_wrong", "quiz_entry",
       "quiz_progress", "quiz_score", "quiz_final", "quiz_choose", "quiz_your_answer", "quiz_right_answer",
       "quiz_q_definition", "quiz_q_equivalent")


@dataclass(frozen=True)
class Question:
    kind: str  # "definition" or "equivalent"
    concept: str  # the concept's id (never shown: the tests follow it)
    prompt: str  # the masked definition, or the term in the page's language
    choices: tuple[str, ...]  # CHOICES distinct terms; in the other language for "equivalent"
    answer: int  # index of the right one in ``choices``
    entry: str  # the concept's term in the page's language (the feedback's link text)
    href: str  # the concept's page, relative to the quiz page


@dataclass(frozen=True)
class QuizView:
    title: str
    intro: str
    nojs: str
    lang: str
    other_lang: str
    round: int
    labels: dict[str, str]  # the script's UI strings, by i18n key
    questions: tuple[Question, ...]

    @property
    def data(self) -> dict:
        """What the page's script reads (JSON in a <script>, escaped by the template's filter)."""
        return {"lang": self.lang, "other_lang": self.other_lang, "round": self.round, "labels": self.labels,
                "questions": [{"kind": q.kind, "prompt": q.prompt, "choices": list(q.choices),
                               "answer": q.answer, "entry": q.entry, "href": q.href} for q in self.questions]}


def mask(definition: str, labels: Iterable[str]) -> str:
    """The definition with every given label, as a whole word and in any case, replaced by "…"
    (longest first, so "distretto industriale" goes before "distretto")."""
    labels = sorted({x for x in labels if x.strip()}, key=len, reverse=True)
    if not labels:
        return definition
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(x) for x in labels) + r")(?!\w)", re.IGNORECASE)
    return pattern.sub(MASK, definition)


def _all_labels(c: Concept) -> list[str]:
    return [x.label for lang in LANGS for x in c.labels[lang].all_terms]


def _distractors(c: Concept, groups: list[list[Concept]], label: Callable[[Concept], str],
                 rng: random.Random) -> list[Concept]:
    """CHOICES - 1 other concepts whose labels differ from the answer's and from each other's,
    drawn from each group in turn (its theme, then the whole pool). Draws stop as soon as there
    are enough, so a large glossary costs a few draws per question, not a sort of the pool."""
    seen = {fold(label(c))}
    picked: list[Concept] = []
    for items in groups:
        tried: set[int] = set()
        while len(picked) < CHOICES - 1 and len(tried) < len(items):
            i = rng.randrange(len(items))
            if i in tried:
                continue
            tried.add(i)
            key = fold(label(items[i]))
            if items[i].id != c.id and key not in seen:
                seen.add(key)
                picked.append(items[i])
    return picked


def questions(concepts: Iterable[Concept], lang: str, href: Callable[[str], str],
              pool: Iterable[Concept] | None = None) -> tuple[Question, ...]:
    """Every question the concepts give: a definition question for each, an equivalent question
    for each whose two terms differ ("royalty" would give itself away). ``href(id)`` is the link to
    the entry; ``pool`` (default: the concepts) supplies the distractors. Too small a pool gives
    no question rather than one with fewer than four candidates."""
    concepts = list(concepts)
    pool = sorted(pool if pool is not None else concepts, key=lambda o: o.id)  # input order never matters
    themes: dict[str, list[Concept]] = {}
    for o in pool:
        themes.setdefault(o.theme, []).append(o)
    other = next(x for x in LANGS if x != lang)
    kinds = (("definition", lambda o: o.labels[lang].term), ("equivalent", lambda o: o.labels[other].term))
    out = []
    for c in concepts:
        e = c.labels[lang]
        for kind, label in kinds:
            if kind == "equivalent" and fold(c.labels[other].term) == fold(e.term):
                continue
            # seeded by the concept and the kind (a str seed is hashed with SHA-512, whatever
            # PYTHONHASHSEED): the same questions in every build
            rng = random.Random(f"{kind}:{c.id}")
            wrong = _distractors(c, [themes.get(c.theme, []), pool], label, rng)
            if len(wrong) < CHOICES - 1:
                continue
            at = rng.randrange(CHOICES)
            choices = [label(o) for o in wrong]
            choices.insert(at, label(c))
            prompt = mask(e.definition, _all_labels(c)) if kind == "definition" else e.term
            out.append(Question(kind, c.id, prompt, tuple(choices), at, e.term, href(c.id)))
    return tuple(out)


def quiz_view(concepts: Iterable[Concept], lang: str, href: Callable[[str], str],
              pool: Iterable[Concept] | None = None, title: str | None = None) -> QuizView:
    """The quiz page's view for any list of concepts (the glossary; a course page later)."""
    other = next(x for x in LANGS if x != lang)
    qs = questions(concepts, lang, href, pool)
    return QuizView(title or t(lang, "quiz_title"), t(lang, "quiz_intro", n=min(ROUND, len(qs))), t(lang, "quiz_nojs"),
                    lang, other, min(ROUND, len(qs)), {k: t(lang, k) for k in _UI}, qs)
