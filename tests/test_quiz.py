"""The self-check quiz (glossary/self-check): the question builder on the real glossary and on
hand-made concepts (marked unit), then the page in Chromium, driven with the keyboard only, in
both languages, served online and opened over file:// from the offline build (marked browser)."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT, mkdocs_build

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lessico import urls  # noqa: E402
from lessico.concepts import load_concepts  # noqa: E402
from lessico.i18n import t  # noqa: E402
from lessico.model import LANGS, Concept, LangEntry  # noqa: E402
from lessico.quiz import CHOICES, MASK, ROUND, mask, questions, quiz_view  # noqa: E402
from lessico.templating import render  # noqa: E402
from lessico.text import fold  # noqa: E402

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
unit = pytest.mark.unit
browser_test = pytest.mark.browser


@pytest.fixture(scope="module")
def glossary():
    return load_concepts(ROOT / "glossary")


def _href(cid: str) -> str:
    return f"../{cid}/"


def _labels(c: Concept) -> list[str]:
    return [x.label for lang in LANGS for x in c.labels[lang].all_terms]


def _has_word(text: str, label: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(label) + r"(?!\w)", text, re.IGNORECASE) is not None


# ----------------------------------------------------------------------------- unit


@unit
@pytest.mark.parametrize("lang", LANGS)
def test_every_question_has_four_distinct_candidates_and_one_right(glossary, lang):
    other = next(x for x in LANGS if x != lang)
    qs = questions(glossary.values(), lang, _href)
    assert qs
    for q in qs:
        c = glossary[q.concept]
        assert len(q.choices) == CHOICES
        assert len({fold(x) for x in q.choices}) == CHOICES, q
        right = c.labels[lang].term if q.kind == "definition" else c.labels[other].term
        assert q.choices[q.answer] == right
        # exactly one right: no other candidate is the right term
        assert [i for i, x in enumerate(q.choices) if fold(x) == fold(right)] == [q.answer]
        assert q.entry == c.labels[lang].term and q.href == _href(c.id)
    # the right answer is not always in the same place
    assert len({q.answer for q in qs}) == CHOICES


@unit
@pytest.mark.parametrize("lang", LANGS)
def test_every_concept_is_asked(glossary, lang):
    other = next(x for x in LANGS if x != lang)
    qs = questions(glossary.values(), lang, _href)
    assert {q.concept for q in qs if q.kind == "definition"} == set(glossary)
    differ = {c.id for c in glossary.values() if fold(c.labels[lang].term) != fold(c.labels[other].term)}
    assert {q.concept for q in qs if q.kind == "equivalent"} == differ
    assert "royalty" not in differ  # the same word in both languages would give itself away


@unit
@pytest.mark.parametrize("lang", LANGS)
def test_a_definition_never_shows_its_term(glossary, lang):
    qs = [q for q in questions(glossary.values(), lang, _href) if q.kind == "definition"]
    masked = 0
    for q in qs:
        c = glossary[q.concept]
        for label in _labels(c):
            assert not _has_word(q.prompt, label), (q.concept, label, q.prompt)
        if q.prompt != c.labels[lang].definition:
            masked += 1
            assert MASK in q.prompt
    assert masked >= 1  # the glossary has definitions that repeat their term: the rule ran on them


@unit
def test_mask_replaces_whole_words_in_any_case_longest_first():
    text = "Il Distretto industriale è un distretto; non un distrettuale né un sottodistretto."
    assert mask(text, ["distretto", "distretto industriale"]) == \
        "Il … è un …; non un distrettuale né un sottodistretto."
    assert mask("S.p.A. e spa", ["S.p.A."]) == "… e spa"


@unit
@pytest.mark.parametrize("lang", LANGS)
def test_distractors_come_from_the_same_theme(glossary, lang):
    other = next(x for x in LANGS if x != lang)
    by_term = {lang: {fold(c.labels[lang].term): c for c in glossary.values()},
               other: {fold(c.labels[other].term): c for c in glossary.values()}}
    for q in questions(glossary.values(), lang, _href):
        table = by_term[lang if q.kind == "definition" else other]
        themes = {table[fold(x)].theme for x in q.choices}
        assert themes == {glossary[q.concept].theme}, (q.concept, q.choices)


@unit
def test_the_questions_are_the_same_in_every_build(glossary):
    a = questions(list(glossary.values()), "it", _href)
    b = questions(list(reversed(list(glossary.values()))), "it", _href)
    assert sorted(a, key=lambda q: (q.concept, q.kind)) == sorted(b, key=lambda q: (q.concept, q.kind))


def _concept(cid: str, theme: str, it: str, en: str) -> Concept:
    return Concept(cid, theme, {"it": LangEntry.plain(it, [], f"Definizione di {it}."),
                                "en": LangEntry.plain(en, [], f"Definition of {en}.")})


@unit
def test_a_short_list_draws_its_distractors_from_the_pool():
    pool = [_concept(f"c{i}", "policy" if i < 3 else "milieu", f"termine {i}", f"term {i}") for i in range(6)]
    view = quiz_view(pool[:1], "en", _href, pool)
    assert {q.concept for q in view.questions} == {"c0"}
    assert [q.kind for q in view.questions] == ["definition", "equivalent"]
    q = view.questions[0]
    assert q.prompt == "Definition of …."
    assert set(q.choices) >= {"term 0", "term 1", "term 2"}  # its theme first, then the others
    assert view.round == 2  # a round is never longer than the list
    assert questions(pool[:2], "en", _href) == ()  # no pool: too few candidates, no question


@unit
def test_the_page_data_cannot_close_its_script_element():
    hostile = "</script><script>alert(1)</script><!--"
    pool = [_concept("x", "policy", hostile, "x"), *(_concept(f"c{i}", "policy", f"t{i}", f"e{i}") for i in range(3))]
    view = quiz_view(pool, "it", _href)
    md = render("quiz.md", v=view)
    body = md.split('<script type="application/json" id="lx-quiz-data">', 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in body and ">" not in body
    data = json.loads(body)
    assert hostile in {c for q in data["questions"] for c in q["choices"]}
    assert data["labels"]["quiz_wrong"] == t("it", "quiz_wrong")


# ----------------------------------------------------------------------------- browser


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("quiz-offline")
    mkdocs_build(ROOT, out, offline=True)
    return out


def _url(variant: str, lang: str, base_url: str, offline: Path) -> str:
    if variant == "online":
        return base_url + urls.page_url(urls.QUIZ_KEY, lang)
    return (offline / urls.page_url(urls.QUIZ_KEY, lang, directory_urls=False)).as_uri()


def _focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
      return {tag: e.tagName, id: e.id, type: e.type || '', value: e.value || '', text: e.textContent.trim(),
              href: e.getAttribute('href') || ''}; }""")


def _current(page) -> dict:
    index = int(page.get_attribute("#lx-quiz", "data-index"))
    return json.loads(page.text_content("#lx-quiz-data"))["questions"][index]


def _choose(page, k: int) -> None:
    """From the first radio, focused and unchecked: Space checks it, each arrow key the next."""
    assert _focused(page)["value"] == "0"
    if k == 0:
        page.keyboard.press("Space")
    for _ in range(k):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.querySelector('input[name=lx-quiz-choice]:checked').value") == str(k)


def _answer(page, k: int) -> None:
    _choose(page, k)
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "lx-quiz-check"
    page.keyboard.press("Enter")


@browser_test
@pytest.mark.parametrize("variant", ["online", "offline"])
@pytest.mark.parametrize("lang", LANGS)
def test_the_quiz_with_the_keyboard_only(new_page, base_url, offline_site, lang, variant):
    L = lambda key, **kw: t(lang, key, **kw)  # noqa: E731
    page = new_page(locale="it-IT" if lang == "it" else "en-US")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(_url(variant, lang, base_url, offline_site), wait_until="load")
    page.wait_for_selector("#lx-quiz:not([hidden])")
    assert not page.is_visible(".lx-quiz-nojs")

    # Tab from the top of the page into the quiz: its first candidate
    # (the header's palette toggle is a pair of radio buttons too: the quiz's are inside #lx-quiz)
    in_quiz = "!!document.activeElement.closest('#lx-quiz')"
    for _ in range(120):
        page.keyboard.press("Tab")
        if _focused(page)["type"] == "radio" and page.evaluate(in_quiz):
            break
    assert _focused(page)["type"] == "radio" and page.evaluate(in_quiz), "the quiz is not reached with Tab"

    # question 1, answered right
    q = _current(page)
    legend = page.inner_text("#lx-quiz legend")
    assert L("quiz_progress").format(i=1, n=ROUND) in legend
    assert " ".join(q["prompt"].split()) in " ".join(legend.split())
    assert page.inner_text("#lx-quiz-feedback") == "" and page.locator(".lx-quiz-mark").count() == 0
    assert [page.inner_text(f"label[for=lx-quiz-c{i}]") for i in range(4)] == q["choices"]
    # "check" with nothing chosen: a hint, and back to the candidates
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.inner_text("#lx-quiz-feedback") == L("quiz_choose")
    assert _focused(page)["value"] == "0"
    _answer(page, q["answer"])
    feedback = page.inner_text("#lx-quiz-feedback")
    assert L("quiz_right") in feedback and L("quiz_entry").format(term=q["entry"]) in feedback
    assert page.get_attribute("#lx-quiz-feedback", "aria-live") == "polite"
    assert _focused(page)["id"] == "lx-quiz-feedback"
    assert page.inner_text(".lx-quiz-is-right label") == f'{q["choices"][q["answer"]]} ({L("quiz_right_answer")})'
    page.keyboard.press("Tab")
    link = _focused(page)
    assert link["tag"] == "A" and link["href"] == q["href"]
    target = page.evaluate("document.activeElement.href")
    page.keyboard.press("Tab")
    assert _focused(page)["id"] == "lx-quiz-next" and _focused(page)["text"] == L("quiz_next")
    assert L("quiz_score").format(right=1, done=1) == page.inner_text("#lx-quiz-score")

    # question 2, answered wrong
    page.keyboard.press("Enter")
    assert _focused(page)["type"] == "radio"
    assert L("quiz_progress").format(i=2, n=ROUND) in page.inner_text("#lx-quiz legend")
    q2 = _current(page)
    assert q2 != q
    wrong = (q2["answer"] + 1) % 4
    _answer(page, wrong)
    feedback = page.inner_text("#lx-quiz-feedback")
    assert L("quiz_wrong").format(answer=q2["choices"][q2["answer"]]) in feedback
    assert L("quiz_right") not in feedback
    assert page.inner_text(".lx-quiz-is-wrong label") == f'{q2["choices"][wrong]} ({L("quiz_your_answer")})'
    assert page.get_attribute("#lx-quiz-feedback a", "href") == q2["href"]
    assert L("quiz_score").format(right=1, done=2) == page.inner_text("#lx-quiz-score")

    # axe with the feedback shown
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => { const r = await axe.run(document,
        {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
      return r.violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', ')); }""")
    assert result == []

    # the rest of the round, then the score and a new round
    for i in range(3, ROUND + 1):
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert L("quiz_progress").format(i=i, n=ROUND) in page.inner_text("#lx-quiz legend")
        _answer(page, _current(page)["answer"])
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert _focused(page)["text"] == L("quiz_result")
    page.keyboard.press("Enter")
    assert page.inner_text("#lx-quiz-feedback") == L("quiz_final").format(right=ROUND - 1, n=ROUND)
    assert _focused(page)["id"] == "lx-quiz-restart"
    page.keyboard.press("Enter")
    assert L("quiz_progress").format(i=1, n=ROUND) in page.inner_text("#lx-quiz legend")
    assert _focused(page)["type"] == "radio"

    # the entry's link leads to the concept's page; offline, nothing left the machine
    page.goto(target, wait_until="load")
    assert page.inner_text("h1").rstrip("¶") == q["entry"]  # ¶: the heading's permalink
    if variant == "offline":
        assert [u for u in requests if not u.startswith(("file://", "data:", "blob:"))] == []


@browser_test
@pytest.mark.parametrize("lang", LANGS)
def test_the_glossary_index_links_to_the_quiz(new_page, base_url, lang):
    page = new_page()
    page.goto(base_url + urls.page_url("glossary/index", lang), wait_until="load")
    link = page.locator(".lx-quiz-link a")
    assert link.inner_text() == t(lang, "quiz_link")
    link.click()
    page.wait_for_load_state("load")
    assert page.url == base_url + urls.page_url(urls.QUIZ_KEY, lang)
    assert page.inner_text("h1").rstrip("¶") == t(lang, "quiz_title")


@unit
def test_no_concept_can_take_the_quiz_pages_address(tmp_path):
    from lessico.concepts import parse_concept
    from lessico.errors import InputError
    assert urls.QUIZ_KEY == urls.concept_key(urls.QUIZ_NAME)  # beside the concept pages: hence reserved
    path = tmp_path / f"{urls.QUIZ_NAME}.yml"
    path.write_text((ROOT / "glossary" / "cluster.yml").read_text(encoding="utf-8")
                    .replace("id: cluster", f"id: {urls.QUIZ_NAME}"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        parse_concept(path)
    assert f"'{urls.QUIZ_NAME}' is reserved" in str(err.value)
