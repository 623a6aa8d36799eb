"""Term candidates for editors: the terms of the sources that no record covers (pure functions).

``python -m lessico candidates`` lists them; the build logs their count on one info line.

How a candidate is found, per passage of a source, in the source's language:

- the text is cut into word tokens; a boundary falls at any punctuation, digit, quote or dash
  between two words, at a footnote marker, around a citation (``Passage.cites``), at a stop word
  of the language (``STOP``: function words, common verbs and adverbs, ordinary vague nouns),
  at a proper name (a capitalised word that does not begin a sentence) and at an acronym;
- the runs of words left between boundaries give the multi-word candidates, POS-free patterns
  over those tokens: Italian ``W (W | di/del/della… W)*`` (a noun phrase with its adjectives and
  ``di`` complements), English ``W (W | of W)*`` (the ``(ADJ|NOUN)+ NOUN`` phrases, with the
  ``N of N`` ones), two to ``MAX_WORDS`` content words;
- single technical terms are the acronyms, hyphenated compounds (``know-how``, ``spin-off``)
  and words with a learned suffix (``-izzazione``, ``-ismo``, ``-ization``, ``-ism``…);
- ranked by C-value (Frantzi, Ananiadou & Mima 2000), with the ``log2(|a| + 1)`` weight of
  Barrón-Cedeño et al. (2009) so that single words get a score too:
  ``C(a) = w(a) · f(a)`` when ``a`` is nested in no longer candidate, else
  ``w(a) · (f(a) − Σ f(b) / |T(a)|)`` over the longer candidates ``T(a)`` that contain it;
- excluded: a candidate whose label is a known label of any concept in either language (its
  preferred term, other terms and forms, deprecated ones too), one every occurrence of which lies
  inside a recognised concept (``Passage.matches``), one on the site's stop list
  (``glossary/candidates-stoplist.txt``), and one seen fewer than ``MIN_FREQUENCY`` times.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import urls
from .errors import InputError
from .text import is_acronym, label_key

STOPLIST_FILE = "glossary/candidates-stoplist.txt"
MIN_FREQUENCY = 2
MAX_WORDS = 5  # content words in a multi-word candidate
CONTEXT = 70  # characters of context on each side of the first occurrence

# a word: letters, inner hyphens, and the apostrophe of an Italian elision ("dell'", "l'")
_WORD = re.compile(r"[^\W\d_]+(?:[-\u2010\u2011][^\W\d_]+)*(?:['\u2019](?=[^\W\d_]))?")
_SENTENCE_END = re.compile(r"[.!?:;«»\"“”(\[•·–—-]")

# words that join two nouns inside a term: "divisione del lavoro", "division of labour"
CONNECTORS = {
    "it": frozenset("di del dello della dei degli delle dell' d'".split()),
    "en": frozenset(["of"]),
    "fr": frozenset("de du des d'".split()),
}

STOP = {
    "it": frozenset("""
        a ad al allo alla ai agli alle all' ancora anche altri altro altra altre altrimenti anzi
        attraverso avere aver ha hanno ho hai abbiamo avete aveva avevano avrebbe avrebbero abbia
        abbiano basso bene ben c' ci che chi ciò cioè come con col coi contro cui da dal dallo dalla
        dai dagli dalle dall' dentro dopo dove dunque durante e ed è era erano essere esser essa esse
        esso essi fa fanno fare fatto fatti fatta fatte fino fra fuori gli già grazie ha i il in
        infatti inoltre insieme intorno invece io l' la le lei li lo loro lui ma mai me meglio meno
        mentre mi molto molti molta molte ne né nel nello nella nei negli nelle nell' no noi non
        nostro nostra nostri nostre nulla o od ogni oggi oltre ora ossia ovvero per perché però
        piuttosto più poco poca pochi poche poi possa possono potrebbe potrebbero può proprio qua
        qual quale quali qualche quando quanto quanta quanti quante quasi quel quello quella quelli
        quelle quei quegli quest' questo questa questi queste qui sarà saranno sarebbe sarebbero se
        sé sembra sempre senza si sia siano sono sopra sotto sta stanno stato stata stati state
        stesso stessa stessi stesse su sua sue sugli sui sul sullo sulla sulle sull' suo suoi tale
        tali tanto tanta tanti tante tra tramite troppo tu tutto tutta tutti tutte tuttavia un un'
        una uno vi via viene vengono verso volta volte vuole
        deve devono dovrebbe dovrebbero dovuto rispetto secondo soprattutto solo soltanto sempre
        parte parti modo modi caso casi tipo tipi termini senso punto livello ambito base forma
        forme ruolo elemento elementi aspetto aspetti fine primo prima primi prime secondo seconda
        nuovo nuova nuovi nuove grande grandi diversi diverse diverso diversa vari varie vario
        varia propri proprie particolare particolari generale maggiore maggiori minore minori
        possibile possibili stesso importante importanti forte forti elevato elevata nonché
        ovviamente particolarmente principalmente generalmente sostanzialmente solamente
        altresì pertanto quindi allora ossia cosiddetto cosiddetta cosiddetti cosiddette
        capitolo paragrafo figura tabella pagina pp p cfr vedi ecc etc
        anni anno periodo esempio relazione luogo tempo numero insieme serie fronte seguito
        interno interna interni interne attività capacità possibilità dimensione
        necessario necessaria necessari necessarie determinato determinata determinati determinate
        caratterizzato caratterizzata caratterizzati caratterizzate maggior miglior migliore migliori
        peggiore peggiori relativo relativa relativi relative appieno alcun alcuno alcuna alcuni
        alcune ciascun ciascuno ciascuna nessun nessuno nessuna certo certa certi certe notevole
        notevoli italiano italiana italiani italiane inglese inglesi proposito
        """.split()),
    "en": frozenset("""
        a about above across after again against all almost along already also although always
        am among an and another any are around as at be became because become becomes been before
        being below between both but by can cannot could did do does doing done down due during
        each either else enough especially even ever every few for from further had has have having
        he hence her here hers him his how however i if in into is it its itself just least less
        like made make makes making many may might more moreover most much must my namely near
        neither never nevertheless no nor not now of off often on once one only onto or other
        others otherwise our out over own per perhaps quite rather really same several shall she
        should since so some such than that the their theirs them themselves then there thereby
        therefore these they this those though through thus to together too toward towards under
        unless until up upon us very via was we well were what when where whereas whether which
        while who whom whose why will with within without would yet you your
        given based led seen shown taken become becomes brought called considered defined found
        referred related seems used using able likely new old great large small high low main
        different various certain particular general possible important major minor first second
        third last next previous present recent current same further new good better best
        role way ways part parts case cases kind kinds type types term terms sense level levels
        point aspect aspects form forms number numbers period years year time times example
        respect context presence need issues issue means fact extent
        provide provides providing provided require requires requiring required include includes
        including included allow allows allowing allowed enable enables enabling offer offers
        offering help helps helping helped take takes taking show shows showing tend tends seem
        remain remains remaining start starts continue continues lead leads considers
        create creates creating represent represents involve involves involving makes
        italian italians
        e.g i.e etc al fig table chapter section page pp
        """.split()),
    # the milieu innovateur literature is French: a short list, enough for its noun phrases
    "fr": frozenset("""
        à au aux avec ce ces cet cette celle celui ceux chez comme dans donc dont elle elles en
        entre est et été être eux il ils je l' la le les leur leurs lui mais même mêmes ne ni non
        nous on ou où par parce pas peu plus pour qu' que quel quelle quels quelles qui sa sans se
        ses si son sont sous sur ta te tes toi ton tous tout toute toutes très tu un une vers vos
        votre vous y c' n' s' j' m' t' ont a ai avait avaient sera seront serait peut peuvent
        doit doivent fait faire font aussi ainsi alors après avant bien déjà encore enfin ici
        jamais lorsque moins parmi pendant plusieurs puis quand selon souvent surtout toujours
        autre autres chaque certains certaines cas manière façon part type niveau rôle forme
        nouveau nouvelle nouveaux nouvelles grand grande grands grandes
        """.split()),
}

# Words that are verbs more often than term words, by their ending (POS-free): Italian
# infinitives, gerunds, third persons plural and imperfects; English adverbs in -ly. A word of a
# known label is never taken for one ("mercato", "supply").
_VERBAL = {
    "it": re.compile(r"(?:are|ere|ire|ando|endo|ano|ono|ava|avano|eva|evano|iva|ivano|ebbe|ebbero|isce|iscono|rà|ranno)$"),
    "en": re.compile(r"ly$"),
}
# English phrases end on a noun: a last word with an adjective's ending is not a term's head
_ADJECTIVAL_END = {"en": re.compile(r"(?:al|ial|ic|ive|ous|ful|less|able|ible|ary|ant|(?<!m)ent|ed)$")}
_NOUNS_LIKE_ADJECTIVES = frozenset("""
    capital potential proposal approval renewal arrival rival terminal signal journal individual
    professional chemical principal incentive initiative objective alternative executive
    representative perspective logic topic public republic clinic mechanic graphic traffic
    summary boundary secretary library dictionary commentary inventory agent management
    investment employment development environment government settlement equipment element
    segment department instrument agreement payment treatment argument assessment content
    event student parent patent component consultant entrant migrant participant restaurant
    tenant merchant accountant client talent percent president resident
    need needs speed seed feed bed hundred breed greed creed shed
    """.split())

# single words with a learned suffix are technical terms more often than not; the everyday
# words with the same ending are not
_TECHNICAL = {
    "it": re.compile(r"(?:izzazione|izzazioni|ismo|ismi)$"),
    "en": re.compile(r"(?:i[sz]ation|i[sz]ations|ism|isms)$"),
    "fr": re.compile(r"(?:isation|isations|isme|ismes)$"),
}
_NOT_TECHNICAL = frozenset("""
    organizzazione organizzazioni realizzazione realizzazioni utilizzazione meccanismo meccanismi
    organismo organismi turismo ottimismo pessimismo
    organization organizations organisation organisations realization realisation mechanism
    mechanisms organism organisms tourism optimism pessimism
    organisation organisations réalisation réalisations mécanisme mécanismes organisme organismes
    tourisme
    """.split())


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    word: str  # as written
    key: str  # lower case, plain apostrophe
    role: str  # "content", "connector", "acronym" or "stop"
    after_break: bool  # a boundary (punctuation, marker, citation) before it


@dataclass
class Candidate:
    lang: str
    term: str
    words: int
    cvalue: float
    frequency: int
    places: dict[str, list[str]]  # source id -> paragraph anchors, in document order
    context: str
    near: list[str] = field(default_factory=list)  # concept ids with a label inside it or holding it

    def as_json(self) -> dict:
        return {"lang": self.lang, "term": self.term, "words": self.words, "cvalue": round(self.cvalue, 3),
                "frequency": self.frequency, "sources": self.places, "context": self.context,
                "near": self.near}


@dataclass
class _Seen:
    surface: Counter = field(default_factory=Counter)
    places: dict[str, list[str]] = field(default_factory=dict)
    covered: int = 0  # occurrences inside a recognised concept
    count: int = 0
    context: str = ""


def _key(word: str) -> str:
    return word.lower().replace("\u2019", "'").replace("\u2010", "-").replace("\u2011", "-")


def tokens(text: str, lang: str, heading: bool = False, breaks: Iterable[tuple[int, int]] = (),
           vocabulary: frozenset[str] = frozenset()) -> list[Token]:
    """The word tokens of ``text`` with their role. ``breaks``: spans (citations) and points
    (footnote markers, ``(n, n)``) at which a phrase must stop; words inside a span are dropped.
    ``vocabulary``: the words of the known labels, never taken for verbs."""
    spans = sorted(breaks)
    stop, conn, verbal = STOP[lang], CONNECTORS[lang], _VERBAL.get(lang)
    out: list[Token] = []
    prev_end = 0
    words = _WORD.findall(text)
    # a text in capitals (a slide title: "A PROPOSITO DI PIATTAFORME") has no acronyms to tell
    shouted = sum(1 for w in words if len(w) > 1 and w.isupper()) * 2 > len(words)
    if heading:  # a title-case heading ("Territorial Policies for…") has no proper names to tell
        long_words = [w for w in words if len(w) > 3]
        heading = sum(1 for w in long_words if w[0].isupper()) * 2 > len(long_words)
    for m in _WORD.finditer(text):
        s, e = m.start(), m.end()
        if any(a <= s < b for a, b in spans if b > a):
            continue
        gap = text[prev_end:s]
        broken = not out or bool(gap.strip()) or any(prev_end <= a <= s for a, _ in spans)
        word = m.group()
        key = _key(word)
        sentence_start = not out or bool(_SENTENCE_END.search(gap))
        if is_acronym(word) and not shouted:
            role = "acronym"
        elif key in conn:
            role = "connector"
        elif key in stop or len(key.rstrip("'")) < 2:
            role = "stop"
        elif verbal and verbal.search(key) and key not in vocabulary and "-" not in key:
            role = "stop"  # a verb or an adverb, by its ending
        elif key.endswith("'"):
            role = "stop"  # an elided article or preposition that joins no term ("l'", "un'", "nell'")
        elif word[0].isupper() and not heading and not sentence_start:
            role = "stop"  # a proper name (Becattini, Italia, Banca d'Italia): not a term word
        else:
            role = "content"
        out.append(Token(s, e, word, key, role, broken))
        prev_end = e
    return out


def _head_ok(tok: Token, lang: str, heads: frozenset[str]) -> bool:
    """Whether a phrase may end on ``tok`` (English: a noun, not an adjective by its ending;
    ``heads``: the last words of the known labels, nouns whatever their ending)."""
    adj = _ADJECTIVAL_END.get(lang)
    return not adj or not adj.search(tok.key) or tok.key in _NOUNS_LIKE_ADJECTIVES or tok.key in heads


def phrases(toks: list[Token], lang: str, heads: frozenset[str] = frozenset()) -> Iterable[tuple[int, int]]:
    """Index ranges ``[i, j)`` of the candidate phrases in ``toks``: runs of content words with
    single connectors between them, two to ``MAX_WORDS`` content words, then the single words
    that are technical terms (acronyms, hyphenated compounds, learned suffixes)."""
    tech = _TECHNICAL[lang]
    n = len(toks)
    for i, t in enumerate(toks):
        if t.role == "acronym" or (t.role == "content" and _head_ok(t, lang, heads) and t.key not in _NOT_TECHNICAL
                                   and ("-" in t.key or tech.search(t.key))):
            yield i, i + 1
        if t.role != "content":
            continue
        words = 1
        j = i + 1
        while j < n and not toks[j].after_break and words < MAX_WORDS:
            r = toks[j].role
            if r == "content":
                words += 1
                if _head_ok(toks[j], lang, heads):
                    yield i, j + 1
                j += 1
            elif r == "connector" and j + 1 < n and toks[j + 1].role == "content" and not toks[j + 1].after_break:
                j += 1  # the connector is taken with the content word after it
            else:
                break


def c_values(freq: dict[tuple[str, ...], int], length=None) -> dict[tuple[str, ...], float]:
    """C-value of every candidate (a tuple of words) from the frequencies of all candidates.

    ``length`` gives the number of words of a candidate (default: its tuple length). Nesting:
    ``b`` contains ``a`` when ``a`` is a contiguous sub-tuple of ``b``."""
    length = length or len
    nested: dict[tuple, list[int]] = defaultdict(list)  # a -> frequencies of the longer b containing a
    for b, fb in freq.items():
        seen = set()
        for i in range(len(b)):
            for j in range(i + 1, len(b) + 1):
                a = b[i:j]
                if a != b and a in freq and a not in seen:
                    seen.add(a)
                    nested[a].append(fb)
    out = {}
    for a, fa in freq.items():
        w = math.log2(length(a) + 1)
        longer = nested.get(a)
        out[a] = w * (fa - sum(longer) / len(longer)) if longer else w * fa
    return out


def _context(text: str, start: int, end: int) -> str:
    a, b = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    while a > 0 and not text[a - 1].isspace() and start - a < CONTEXT + 15:
        a -= 1
    while b < len(text) and not text[b].isspace() and b - end < CONTEXT + 15:
        b += 1
    snippet = " ".join(text[a:b].split())
    return ("…" if a > 0 else "") + snippet + ("…" if b < len(text) else "")


def known_labels(concepts) -> dict[str, str]:
    """Every label of every concept, every language, as ``label_key`` -> concept id: preferred
    term, other terms (deprecated ones too: a known term, even if not to be used) and forms."""
    return {label_key(t.label): c.id for c in concepts.values() for entry in c.labels.values() for t in entry.all_terms}


def _padded(key: str) -> str:
    return " " + " ".join(key.replace("'", "' ").split()) + " "


def near_records(term_key: str, known: dict[str, str]) -> list[str]:
    """The concepts with a label inside the candidate, or that hold it in a label, word for word
    ("investimenti diretti" -> investimenti-diretti-esteri): a form or a short form to add to a
    record, perhaps, rather than a new record."""
    if not isinstance(known, dict):
        return []
    cand = _padded(term_key)
    out = []
    for key, cid in known.items():
        label = _padded(key)
        if (label in cand or cand in label) and cid not in out:
            out.append(cid)
    return sorted(out)


def parse_stoplist(text: str) -> set[str]:
    """One term per line; ``#`` starts a comment; blank lines ignored."""
    out = set()
    for line in text.splitlines():
        term = line.split("#", 1)[0].strip()
        if term:
            out.add(label_key(term))
    return out


def load_stoplist(root: Path) -> set[str]:
    """The site's stop list (``glossary/candidates-stoplist.txt``); none is an empty list."""
    path = Path(root) / STOPLIST_FILE
    if not path.exists() and not path.is_symlink():
        return set()
    why = urls.outside(path, Path(root) / "glossary")
    if why:
        raise InputError(STOPLIST_FILE, why)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(STOPLIST_FILE, f"not valid UTF-8 at byte {exc.start} (save it as UTF-8)") from None
    except OSError as exc:
        raise InputError(STOPLIST_FILE, f"cannot read: {exc.strerror or exc}") from None
    return parse_stoplist(text)


def find_candidates(passages: dict[str, list], langs: dict[str, str], known: set[str] = frozenset(),
                    stoplist: set[str] = frozenset(), min_frequency: int = MIN_FREQUENCY) -> dict[str, list[Candidate]]:
    """The candidates of each language, best first. ``passages``: source id -> its passages
    (``analysis.Passage``: text, anchor, kind, footnotes, matches, cites), in document order;
    ``langs``: source id -> language of the source."""
    seen: dict[str, dict[tuple, _Seen]] = defaultdict(dict)
    vocabulary = frozenset(w for k in known for w in re.split(r"[\s']+", k) if w)
    heads = frozenset(k.split()[-1] for k in known if k.split())
    for sid, plist in passages.items():
        lang = langs[sid]
        if lang not in STOP:
            continue  # a language without a stop list gives no candidates
        for p in plist:
            if p.kind == "link":
                continue
            breaks = [(c.start, c.end) for c in p.cites] + [(off, off) for off, _ in p.footnotes]
            toks = tokens(p.text, lang, p.kind == "heading", breaks, vocabulary)
            spans = [(m.start, m.end) for m in p.matches]
            for i, j in phrases(toks, lang, heads):
                key = tuple(t.key for t in toks[i:j])
                start, end = toks[i].start, toks[j - 1].end
                s = seen[lang].setdefault(key, _Seen())
                s.count += 1
                s.surface[p.text[start:end]] += 1
                anchors = s.places.setdefault(sid, [])
                if p.anchor not in anchors:
                    anchors.append(p.anchor)
                if any(a <= start and end <= b for a, b in spans):
                    s.covered += 1
                if not s.context:
                    s.context = _context(p.text, start, end)
    result: dict[str, list[Candidate]] = {lang: [] for lang in dict.fromkeys(langs[sid] for sid in passages)
                                          if lang in STOP}
    for lang, table in seen.items():
        conn = CONNECTORS[lang]
        freq = {k: s.count for k, s in table.items() if s.count >= min_frequency}
        scores = c_values(freq, lambda k: sum(1 for w in k if w not in conn))
        cands = []
        for k, score in scores.items():
            s = table[k]
            term = _display(s.surface)
            lk = label_key(term)
            if lk in known or lk in stoplist or s.covered == s.count or score <= 0 or _of_known(k, conn, known):
                continue
            cands.append(Candidate(lang, term, sum(1 for w in k if w not in conn), score, s.count,
                                   s.places, s.context, near_records(lk, known)))
        cands.sort(key=lambda c: (-c.cvalue, -c.frequency, c.term))
        result[lang] = cands
    return result


def _join(words) -> str:
    return "".join(w if i == 0 or words[i - 1].endswith("'") else " " + w for i, w in enumerate(words))


def _of_known(key: tuple[str, ...], conn: frozenset[str], known: set[str]) -> bool:
    """A known term of two words or more as the complement of another word ("origini dei
    distretti industriali", "creation of specific public goods"): the known concept in a phrase
    of the text, not a new term."""
    for i, w in enumerate(key):
        if w in conn:
            tail = key[i + 1:]
            return len(tail) >= 2 and label_key(_join(tail)) in known
    return False


def _display(surface: Counter) -> str:
    """The candidate as an editor would write it: its commonest spelling, lower case unless an
    acronym or a word written with capitals inside (``GREMI``, ``e-Business``)."""
    best = sorted(surface.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    best = " ".join(best.split())
    if " " in best and sum(1 for w in best.split() if w.isupper() and len(w) > 1) * 2 > len(best.split()):
        return best.lower()  # written in capitals (a slide title), not an acronym
    return " ".join(w if is_acronym(w) else (w[0].lower() + w[1:] if w[1:] == w[1:].lower() else w)
                    for w in best.split(" "))


def from_model(model, min_frequency: int = MIN_FREQUENCY) -> dict[str, list[Candidate]]:
    """The candidates of a built model (``build.build_model``): its repaired passages, its
    concepts and the project's stop list."""
    langs = {s.id: s.meta.lang for s in model.sources}
    return find_candidates(model.passages, langs, known_labels(model.concepts), load_stoplist(model.root),
                           min_frequency)


def table(cands: dict[str, list[Candidate]], top: int | None = None, width: int = 60) -> str:
    """A readable table per language: rank, C-value, frequency, candidate, the records near it,
    sources (with paragraph anchors), context."""
    lines = []
    for lang, rows in cands.items():
        shown = rows[:top] if top else rows
        lines.append(f"== {lang}: {len(rows)} term candidates without a record"
                     + (f" (top {len(shown)})" if top and len(rows) > len(shown) else ""))
        lines.append(f"{'rank':>4}  {'C-value':>7}  {'freq':>4}  {'candidate':<34}  {'near record':<26}  "
                     f"{'sources':<28}  context")
        for n, c in enumerate(shown, 1):
            where = "; ".join(f"{sid} {','.join(a[:4])}{'…' if len(a) > 4 else ''}" for sid, a in c.places.items())
            near = ", ".join(c.near) or "-"
            near = near if len(near) <= 26 else near[:25] + "…"
            ctx = c.context if len(c.context) <= width * 2 else c.context[: width * 2 - 1] + "…"
            lines.append(f"{n:>4}  {c.cvalue:>7.2f}  {c.frequency:>4}  {c.term:<34}  {near:<26}  {where:<28}  {ctx}")
        lines.append("")
    return "\n".join(lines)


def to_json(cands: dict[str, list[Candidate]], top: int | None = None) -> str:
    return json.dumps({lang: [c.as_json() for c in (rows[:top] if top else rows)] for lang, rows in cands.items()},
                      ensure_ascii=False, indent=2)


def count(cands: dict[str, list[Candidate]]) -> int:
    return sum(len(rows) for rows in cands.values())
