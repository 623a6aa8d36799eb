"""Synthetic corpora for the benchmark: the real corpus scaled ×k, documents and concepts together.

``make_project(real_root, dest, scale)`` writes a complete project into ``dest``: the site code
(``mkdocs.yml``, ``hooks/``, ``lessico/``, ``docs/``, ``overrides/``) copied from the real one,
and generated inputs:

* ``sources/``: ``5 × scale`` documents, each shaped like one real document (its language, kind,
  number and kind of blocks, paragraph lengths), with text drawn from a word-bigram chain trained
  on the real corpus of that language (so the real vocabulary, and the real multi-word terms,
  recur at realistic rates). Digits, URLs and parentheses never come out of the chain; citations
  are added on purpose: author-year citations of the verified bibliography records and of
  invented works (one or two citations each), which the build resolves or records "as cited", at
  the rate of the real corpus. The first five documents keep the real ids, so the hand-written
  pages' links still resolve.
* ``glossary/``: the real concepts, plus ``152 × (scale - 1)`` generated ones modelled on them:
  terms are 2-3 word paths of the same chain (so they occur in the text), variants are plural
  forms, a reordered or shortened form and sometimes an acronym; themes, definition and note
  lengths, relation counts, sources and references follow the real registry. Ids are ascii
  slugs; every label is unique per language; broader links point to older concepts only
  (acyclic) and no pair of concepts has two relations.
* ``bibliography/``: the real one, as is.

Deterministic for a given seed. ``vocabulary`` and ``concepts_for`` are also used on their own by
the recognition throughput benchmark.
"""
from __future__ import annotations

import json
import random
import re
import shutil
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .concepts import THEMES, load_concepts
from .model import LANGS
from .sources import load_sources
from .text import is_slug, label_key

CODE_PARTS = ("mkdocs.yml", "hooks", "lessico", "docs", "overrides")
INPUT_PARTS = ("sources", "glossary", "bibliography")
_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*['’]?|[.,;:]")
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache")
STOP = {
    "it": set("il lo la i gli le un uno una di a da in con su per tra fra e o ma che non come del "
              "dello della dei degli delle al allo alla ai agli alle dal dallo dalla dai dagli dalle "
              "nel nello nella nei negli nelle sul sullo sulla sui sugli sulle è sono si ci ne anche "
              "più questo questa questi queste quello quella quelli quelle cui loro suo sua suoi sue "
              "essere ha hanno stato stata ed od se dell' nell' all' dall' sull' l' un' d' quale "
              "quali molto tutti tutte".split()),
    "en": set("the a an of to in on at by for with from and or but not as is are was were be been "
              "that this these those which who whose it its their there than then such also more "
              "most other into over under between within".split()),
}


def copy_code(real_root: Path, dest: Path) -> None:
    """The site code of the real project (no inputs, no build output)."""
    real_root, dest = Path(real_root), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for part in CODE_PARTS:
        src = real_root / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=_IGNORE, dirs_exist_ok=True)
        else:
            shutil.copy2(src, dest / part)


def copy_project(real_root: Path, dest: Path) -> Path:
    """A copy of the real project (code and inputs), to build it without touching the work tree."""
    copy_code(real_root, dest)
    for part in INPUT_PARTS:
        shutil.copytree(Path(real_root) / part, Path(dest) / part, ignore=_IGNORE, dirs_exist_ok=True)
    return Path(dest)


# --- the language model -----------------------------------------------------------------------
class Chain:
    """Word-bigram chain over the real text of one language (lower-cased words, , . ; :)."""

    def __init__(self, texts: list[str]):
        self.next: dict[str, list[str]] = defaultdict(list)
        self.words: list[str] = []
        for text in texts:
            prev = "."
            for tok in _TOKEN.findall(text):
                tok = tok.replace("’", "'")
                word = tok if tok.isupper() and len(tok) > 1 else tok.lower()
                if len(word) == 1 and word.isalpha() and word not in "aeiouè":
                    continue  # stray letters of the extraction
                self.next[prev].append(word)
                if word[0].isalpha():
                    self.words.append(word)
                prev = word
        self.next = dict(self.next)
        self.starts = [w for w in self.next["."] if w[0].isalpha()]

    def step(self, rng: random.Random, word: str) -> str:
        options = self.next.get(word)
        return rng.choice(options) if options else rng.choice(self.starts)

    def sentence(self, rng: random.Random, n_words: int) -> str:
        out: list[str] = []
        word, count = rng.choice(self.starts), 0
        while count < n_words:
            if word[0].isalpha():
                out.append(word)
                count += 1
            elif word in ",;:" and out and out[-1][0].isalpha() and count < n_words - 1:
                out.append(word)
            word = self.step(rng, word)
            if word == ".":
                word = rng.choice(self.starts)
        text = ""
        for w in out:
            text += w if (w in ",;:" or text.endswith("'") or not text) else " " + w
        return text[:1].upper() + text[1:] + "."

    def text(self, rng: random.Random, n_words: int) -> str:
        parts, total = [], 0
        while total < n_words:
            k = max(4, min(n_words - total, int(rng.gauss(24, 8))))
            parts.append(self.sentence(rng, k))
            total += k
        return " ".join(parts)

    def phrase(self, rng: random.Random, lang: str, n_words: int) -> list[str] | None:
        """A path of ``n_words`` content-bearing words (first and last not stop words)."""
        stop = STOP[lang]
        word = rng.choice(self.words)
        if word in stop or len(word) < 3 or word.isupper():
            return None
        out = [word]
        while len(out) < n_words:
            word = self.step(rng, word)
            if not word[0].isalpha() or word.isupper() or "'" in word[:-1]:
                return None
            out.append(word)
        if out[-1] in stop or len(out[-1]) < 3 or out[-1].endswith("'"):
            return None
        return out


def vocabulary(real_root: Path) -> tuple[list, dict[str, Chain]]:
    """The real sources (repaired) and one chain per language."""
    sources = load_sources(Path(real_root) / "sources")
    texts: dict[str, list[str]] = defaultdict(list)
    for s in sources:
        texts[s.meta.lang] += [p.text for p in s.paragraphs if p.kind in ("para", "item")]
    return sources, {lang: Chain(texts[lang]) for lang in LANGS if texts[lang]}


# --- concepts ---------------------------------------------------------------------------------
def _plural(words: list[str], lang: str) -> list[str]:
    if lang == "en":
        last = words[-1]
        return words[:-1] + [last[:-1] + "ies" if last.endswith("y") else last if last.endswith("s") else last + "s"]
    swap = {"o": "i", "a": "e", "e": "i", "à": "à", "i": "i"}
    return [w[:-1] + swap.get(w[-1], w[-1]) if w not in STOP["it"] and len(w) > 3 else w for w in words]


def _acronym(words: list[str], lang: str) -> str:
    return "".join(w[0] for w in words if w not in STOP[lang]).upper()


@dataclass
class _Registry:
    taken: dict[str, set[str]] = field(default_factory=lambda: {lang: set() for lang in LANGS})
    ids: set[str] = field(default_factory=set)

    def free(self, lang: str, label: str) -> bool:
        key = label_key(label)
        return bool(key) and key not in self.taken[lang]

    def take(self, lang: str, label: str) -> None:
        self.taken[lang].add(label_key(label))


def _labels(rng, chain: Chain, lang: str, reg: _Registry, n_variants: int) -> tuple[str, list[str]] | None:
    for _ in range(200):
        words = chain.phrase(rng, lang, rng.choice((2, 2, 2, 3, 3)))
        if words and reg.free(lang, " ".join(words)):
            break
    else:
        return None
    term = " ".join(words)
    reg.take(lang, term)
    candidates = [" ".join(_plural(words, lang))]
    if len(words) == 3:
        candidates.append(" ".join(words[::2]))  # a shortened form
    if rng.random() < 0.25 and len(words) >= 2:
        acr = _acronym(words, lang)
        candidates += [acr] if len(acr) >= 2 else []
    alt = chain.phrase(rng, lang, 2)  # a synonym
    if alt:
        candidates.append(" ".join(alt))
    variants = []
    for v in candidates:
        if len(variants) >= n_variants:
            break
        if reg.free(lang, v):
            reg.take(lang, v)
            variants.append(v)
    return term, variants


def _slug(text: str) -> str:
    import unicodedata
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "c"


def concepts_for(rng: random.Random, chains: dict[str, Chain], n: int, real: dict | None = None,
                 source_ids: list[str] | None = None, ref_ids: list[str] | None = None,
                 reg: _Registry | None = None) -> list[dict]:
    """``n`` generated concept records (YAML-ready dicts), modelled on ``real`` concepts."""
    reg = reg or _Registry()
    real = real or {}
    source_ids = source_ids or []
    ref_ids = ref_ids or []
    proto = list(real.values())
    out: list[dict] = []
    pairs: set[frozenset] = set()
    for i in range(n):
        model = rng.choice(proto) if proto else None
        rec: dict = {}
        labels = {}
        for lang in LANGS:
            chain = chains.get(lang) or next(iter(chains.values()))
            nv = len(model.labels[lang].variants) if model else rng.randint(1, 4)
            got = _labels(rng, chain, lang, reg, max(1, nv))
            if got is None:
                raise RuntimeError("the vocabulary is too small for this many concepts")
            term, variants = got
            d_len = len(model.labels[lang].definition.split()) if model else 35
            entry = {"term": term, "forms": variants, "definition": chain.text(rng, d_len)}
            if model and model.labels[lang].note:
                entry["note"] = chain.text(rng, len(model.labels[lang].note.split()))
            labels[lang] = entry
        base = _slug(labels["it"]["term"])[:40].strip("-")
        cid = f"{base}-s{i}"
        assert is_slug(cid) and cid not in reg.ids
        reg.ids.add(cid)
        rec["id"] = cid
        rec["theme"] = model.theme if model else rng.choice(THEMES)
        rec.update(labels)
        older = [c["id"] for c in out]
        nb = min(len(model.broader) if model else 1, 2)
        nr = min(len(model.related) if model else 1, 3)
        broader, related = [], []
        for k, dest in ((nb, broader), (nr, related)):
            for _ in range(k):
                if not older:
                    break
                other = older[rng.randrange(max(0, len(older) - 300), len(older))]  # a nearby, older one
                pair = frozenset((cid, other))
                if pair not in pairs:
                    pairs.add(pair)
                    dest.append(other)
        if broader:
            rec["broader"] = broader
        if related:
            rec["related"] = related
        if source_ids:
            rec["sources"] = sorted(set(rng.sample(source_ids, min(len(source_ids), rng.choice((1, 1, 2, 3))))))
        if ref_ids and model and model.references:
            rec["references"] = sorted(set(rng.sample(ref_ids, min(len(ref_ids), len(model.references)))))
        out.append(rec)
    return out


# --- documents --------------------------------------------------------------------------------
_SYL = ("ba be bi bo da de di do fa fe fi fo ga ge gi go la le li lo ma me mi mo na ne ni no pa pe "
        "pi po ra re ri ro sa se si so ta te ti to va ve vi vo za ze zi zo").split()
_END = ("lli", "nti", "ni", "ri", "tti", "ssi", "ne", "ro")


def _surname(rng) -> str:
    return "".join(rng.choice(_SYL) for _ in range(rng.randint(1, 2))).capitalize() + rng.choice(_END)


def _verified_cites(bib_dir: Path) -> list[str]:
    """``(Family, Year)`` for each verified record with authors: citations that resolve."""
    path = bib_dir / "verified-references.json"
    if not path.is_file():
        return []
    out = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        fams = [a.get("family") for a in item.get("author", []) if a.get("family")]
        year = (item.get("issued", {}).get("date-parts") or [[None]])[0][0]
        if not fams or not year or item.get("type") in ("legislation", "bill", "regulation"):
            continue
        names = fams[0] if len(fams) == 1 else (f"{fams[0]} e {fams[1]}" if len(fams) == 2 else f"{fams[0]} et al.")
        out.append(f"({names}, {year})")
    return out


def _document(rng, template, chain: Chain, cites: list[str]) -> tuple[str, int]:
    """The text of one document shaped like ``template`` (a real Source); returns (text, cites)."""
    blocks, n_cites = [], 0
    for p in template.paragraphs:
        n = max(3, len(p.text.split()))
        if p.kind == "heading":
            words = chain.sentence(rng, min(n, 7)).rstrip(".").split()[:7]
            blocks.append(" ".join(words))
        elif p.kind == "item":
            blocks.append("- " + chain.text(rng, n))
        elif p.kind == "link":
            continue
        else:
            text = chain.text(rng, n)
            if cites and rng.random() < 0.35:
                k = text.rfind(".", 0, len(text) - 1)
                cut = k if k > 0 else len(text) - 1
                text = text[:cut] + " " + rng.choice(cites) + text[cut:]
                n_cites += 1
            blocks.append(text)
    return "\n\n".join(blocks) + "\n", n_cites


@dataclass
class Corpus:
    scale: int
    documents: int
    concepts: int
    text_bytes: int
    citations: int
    seconds: float = 0.0


def make_project(real_root: Path, dest: Path, scale: int, seed: int = 1) -> Corpus:
    """Write a complete project for the corpus ×``scale`` into ``dest`` (created)."""
    import time
    t0 = time.perf_counter()
    real_root, dest = Path(real_root), Path(dest)
    rng = random.Random(f"lessico-{seed}-{scale}")
    sources, chains = vocabulary(real_root)
    copy_code(real_root, dest)
    shutil.copytree(real_root / "bibliography", dest / "bibliography", ignore=_IGNORE, dirs_exist_ok=True)
    verified = _verified_cites(real_root / "bibliography")
    real_meta = yaml.safe_load((real_root / "sources" / "sources.yml").read_text(encoding="utf-8"))
    real_meta = {e["id"]: e for e in real_meta}

    # documents: the first round keeps the real ids (the hand-written pages link to them)
    src_dir = dest / "sources"
    src_dir.mkdir(parents=True, exist_ok=True)
    meta_out, total_bytes, total_cites, ids = [], 0, 0, []
    for i in range(len(sources) * scale):
        tpl = sources[i % len(sources)]
        sid = tpl.id if i < len(sources) else f"{tpl.id}-s{i}"
        fname = f"{i:05d}_{sid}.txt"
        invented = [f"({_surname(rng)}, {rng.randint(1950, 2020)})" for _ in range(max(2, len(tpl.paragraphs) // 12))]
        pool = verified + invented + invented  # invented works are cited about twice
        text, n = _document(rng, tpl, chains[tpl.meta.lang], pool)
        (src_dir / fname).write_text(text, encoding="utf-8")
        total_bytes += len(text.encode("utf-8"))
        total_cites += n
        entry = {k: v for k, v in real_meta.get(tpl.id, {}).items() if k not in ("url",)}
        entry.update(id=sid, file=fname, lang=tpl.meta.lang, kind=tpl.meta.kind)
        if i >= len(sources):
            entry["title"] = chains[tpl.meta.lang].sentence(rng, 8).rstrip(".")
            entry["author"] = f"{_surname(rng)} {_surname(rng)}" if rng.random() < 0.6 else None
            entry["year"] = rng.randint(1980, 2024)
            entry.pop("label", None)
        meta_out.append(entry)
        ids.append(sid)
    (src_dir / "sources.yml").write_text(
        "# Synthetic corpus generated by lessico.synthetic (benchmark only).\n"
        + yaml.safe_dump(meta_out, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")

    # concepts: the real registry plus generated ones
    gdir = dest / "glossary"
    gdir.mkdir(parents=True, exist_ok=True)
    real = load_concepts(real_root / "glossary", {s.id for s in sources})
    for path in (real_root / "glossary").glob("*.yml"):
        shutil.copy2(path, gdir / path.name)
    reg = _Registry()
    for c in real.values():
        reg.ids.add(c.id)
        reg.ids.update(c.aliases)
        for lang in LANGS:
            for label in [c.labels[lang].term, *c.labels[lang].variants]:
                reg.take(lang, label)
    ref_ids = sorted({r for c in real.values() for r in c.references})
    gen = concepts_for(rng, chains, len(real) * (scale - 1), real, ids, ref_ids, reg)
    for rec in gen:
        (gdir / f"{rec['id']}.yml").write_text(
            yaml.safe_dump(rec, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    return Corpus(scale, len(ids), len(real) + len(gen), total_bytes, total_cites, time.perf_counter() - t0)


def sample_text(chains: dict[str, Chain], n_bytes: int, seed: int = 7, para_words: int = 110) -> list[tuple[str, str]]:
    """About ``n_bytes`` of generated paragraphs as (language, text), in the real language mix."""
    rng = random.Random(seed)
    langs = [lang for lang in LANGS if lang in chains]
    weights = [len(chains[lang].words) for lang in langs]
    out, size = [], 0
    while size < n_bytes:
        lang = rng.choices(langs, weights)[0]
        text = chains[lang].text(rng, int(rng.gauss(para_words, 40)) or para_words)
        out.append((lang, text))
        size += len(text.encode("utf-8"))
    return out
