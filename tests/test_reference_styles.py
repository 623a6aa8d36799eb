"""The formatted references (issue 14, item 2): expected renderings written from the rules of APA 7
(Publication Manual, ch. 9-11) and the Chicago Manual of Style 17 (author-date, ch. 15), for every
type the corpus uses, in both languages; the style chosen in mkdocs.yml; year suffixes; the same
CSL-JSON rendered by pandoc's citeproc with the same style file; and the bibliography page's entries
(no empty-field punctuation) and their "cite this work"."""
from __future__ import annotations

import html
import json
import re
import subprocess

import pytest

from conftest import ROOT
from lessico import references
from lessico.errors import InputError
from lessico.references import (STYLES, citation_style, format_bibliography, format_plain, sort_key,
                                year_suffixes)

pytestmark = pytest.mark.unit

# one record per type (fields as the site's records hold them: titles in sentence case, journal
# and site names as printed, a language on every item)
ITEMS = [
    {"id": "book", "type": "book", "language": "en",
     "author": [{"family": "Piore", "given": "Michael J."}, {"family": "Sabel", "given": "Charles F."}],
     "title": "The second industrial divide: Possibilities for prosperity", "publisher": "Basic Books",
     "publisher-place": "New York", "issued": {"date-parts": [[1984]]}},
    {"id": "edited", "type": "book", "language": "en",
     "editor": [{"family": "Becattini", "given": "Giacomo"}, {"family": "Bellandi", "given": "Marco"},
                {"family": "De Propris", "given": "Lisa"}],
     "title": "A handbook of industrial districts", "publisher": "Edward Elgar", "issued": {"date-parts": [[2009]]}},
    {"id": "chapter", "type": "chapter", "language": "en", "author": [{"family": "Becattini", "given": "Giacomo"}],
     "editor": [{"family": "Pyke", "given": "Frank"}, {"family": "Becattini", "given": "Giacomo"},
                {"family": "Sengenberger", "given": "Werner"}],
     "title": "The Marshallian industrial district as a socio-economic notion",
     "container-title": "Industrial districts and inter-firm co-operation in Italy",
     "publisher": "International Institute for Labour Studies", "page": "37-51", "issued": {"date-parts": [[1990]]}},
    {"id": "article", "type": "article-journal", "language": "en", "author": [{"family": "Porter", "given": "Michael E."}],
     "title": "Location, competition, and economic development: Local clusters in a global economy",
     "container-title": "Economic Development Quarterly", "volume": "14", "issue": "1", "page": "15-34",
     "issued": {"date-parts": [[2000]]}, "DOI": "10.1177/089124240001400105"},
    {"id": "report", "type": "report", "language": "en",
     "author": [{"family": "Hausmann", "given": "Ricardo"}, {"family": "Rodrik", "given": "Dani"},
                {"family": "Sabel", "given": "Charles F."}],
     "title": "Reconfiguring industrial policy: A framework with an application to South Africa",
     "genre": "CID Faculty Working Paper", "number": "168",
     "publisher": "Center for International Development at Harvard University", "issued": {"date-parts": [[2008]]},
     "URL": "https://growthlab.cid.harvard.edu/publications/reconfiguring-industrial-policy-framework-application-south-africa"},
    {"id": "law", "type": "legislation", "language": "it",
     "title": "Legge 5 ottobre 1991, n. 317. Interventi per l'innovazione e lo sviluppo delle piccole imprese",
     "issued": {"date-parts": [[1991, 10, 5]]},
     "URL": "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1991-10-05;317"},
    {"id": "eu_act", "type": "legislation", "language": "en",
     "title": "Commission Recommendation of 6 May 2003 concerning the definition of micro, small and medium-sized enterprises",
     "container-title": "Official Journal of the European Union", "number": "2003/361/EC", "volume": "L 124",
     "page": "36-41", "authority": "European Commission", "issued": {"date-parts": [[2003, 5, 6]]},
     "URL": "http://data.europa.eu/eli/reco/2003/361/oj"},
    {"id": "webpage", "type": "webpage", "language": "it", "author": [{"literal": "Istituto nazionale di statistica"}],
     "title": "I distretti industriali 2011", "container-title": "Istat", "issued": {"date-parts": [[2015, 2, 24]]},
     "URL": "https://www.istat.it/it/archivio/150320"},
    {"id": "webpage_nd", "type": "webpage", "language": "it", "author": [{"literal": "Club dei distretti industriali"}],
     "title": "I distretti", "accessed": {"date-parts": [[2026, 5, 4]]}, "URL": "https://www.clubdistretti.it/distretti"},
    {"id": "article_it", "type": "article-journal", "language": "it", "author": [{"family": "Becattini", "given": "Giacomo"}],
     "title": "Dal settore industriale al distretto industriale. Alcune considerazioni sull'unità d'indagine "
              "dell'economia industriale",
     "container-title": "Rivista di Economia e Politica Industriale", "volume": "5", "issue": "1", "page": "7-21",
     "issued": {"date-parts": [[1979]]}},
]

HANDBOOK = "<i>A handbook of industrial districts</i>"
REPORT_URL = ITEMS[4]["URL"]
# APA 7: "&" before the last author (9.8); in Italian "e". Edited book (10.3 ex. 28): "(Eds.)" after the
# editors, once. Chapter (10.3 ex. 38): "In F. Pyke, … (Eds.), Title (pp. x–y). Publisher." Journal
# (10.1): italic journal and volume, issue in roman, DOI as a URL. Report (10.4 ex. 50): number after
# the title in parentheses. No place of publication (9.29). Undated page: "(n.d.)" and "Retrieved
# <date>, from <URL>" only with a retrieval date (9.16). Legislation: the act's title as enacted, year, URL.
APA = {
    "en": {
        "book": "Piore, M. J., &amp; Sabel, C. F. (1984). <i>The second industrial divide: Possibilities for prosperity</i>. Basic Books.",
        "edited": f"Becattini, G., Bellandi, M., &amp; De Propris, L. (Eds.). (2009). {HANDBOOK}. Edward Elgar.",
        "chapter": "Becattini, G. (1990). The Marshallian industrial district as a socio-economic notion. In F. Pyke, "
                   "G. Becattini, &amp; W. Sengenberger (Eds.), <i>Industrial districts and inter-firm co-operation in "
                   "Italy</i> (pp. 37–51). International Institute for Labour Studies.",
        "article": "Porter, M. E. (2000). Location, competition, and economic development: Local clusters in a global "
                   "economy. <i>Economic Development Quarterly</i>, <i>14</i>(1), 15–34. https://doi.org/10.1177/089124240001400105",
        "report": "Hausmann, R., Rodrik, D., &amp; Sabel, C. F. (2008). <i>Reconfiguring industrial policy: A framework "
                  "with an application to South Africa</i> (CID Faculty Working Paper No. 168). Center for International "
                  f"Development at Harvard University. {REPORT_URL}",
        "law": "Legge 5 ottobre 1991, n. 317. Interventi per l'innovazione e lo sviluppo delle piccole imprese (1991). "
               "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1991-10-05;317",
        "eu_act": "Commission Recommendation of 6 May 2003 concerning the definition of micro, small and medium-sized "
                  "enterprises, 2003/361/EC, L 124 Official Journal of the European Union 36 (2003). "
                  "http://data.europa.eu/eli/reco/2003/361/oj",
        "webpage": "Istituto nazionale di statistica. (2015, February 24). <i>I distretti industriali 2011</i>. Istat. "
                   "https://www.istat.it/it/archivio/150320",
        "webpage_nd": "Club dei distretti industriali. (n.d.). <i>I distretti</i>. Retrieved May 4, 2026, from "
                      "https://www.clubdistretti.it/distretti",
    },
    # the same rules in Italian practice: "e", "(A cura di)", "n.", "s.d.", "Recuperato il … da", day before month
    "it": {
        "book": "Piore, M. J., e Sabel, C. F. (1984). <i>The second industrial divide: Possibilities for prosperity</i>. Basic Books.",
        "edited": f"Becattini, G., Bellandi, M., e De Propris, L. (A cura di). (2009). {HANDBOOK}. Edward Elgar.",
        "chapter": "Becattini, G. (1990). The Marshallian industrial district as a socio-economic notion. In F. Pyke, "
                   "G. Becattini, e W. Sengenberger (A cura di), <i>Industrial districts and inter-firm co-operation in "
                   "Italy</i> (pp. 37–51). International Institute for Labour Studies.",
        "article": "Porter, M. E. (2000). Location, competition, and economic development: Local clusters in a global "
                   "economy. <i>Economic Development Quarterly</i>, <i>14</i>(1), 15–34. https://doi.org/10.1177/089124240001400105",
        "report": "Hausmann, R., Rodrik, D., e Sabel, C. F. (2008). <i>Reconfiguring industrial policy: A framework "
                  "with an application to South Africa</i> (CID Faculty Working Paper n. 168). Center for International "
                  f"Development at Harvard University. {REPORT_URL}",
        "law": "Legge 5 ottobre 1991, n. 317. Interventi per l'innovazione e lo sviluppo delle piccole imprese (1991). "
               "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1991-10-05;317",
        "eu_act": "Commission Recommendation of 6 May 2003 concerning the definition of micro, small and medium-sized "
                  "enterprises, 2003/361/EC, L 124 Official Journal of the European Union 36 (2003). "
                  "http://data.europa.eu/eli/reco/2003/361/oj",
        "webpage": "Istituto nazionale di statistica. (2015, 24 febbraio). <i>I distretti industriali 2011</i>. Istat. "
                   "https://www.istat.it/it/archivio/150320",
        "webpage_nd": "Club dei distretti industriali. (s.d.). <i>I distretti</i>. Recuperato il 4 maggio 2026, da "
                      "https://www.clubdistretti.it/distretti",
    },
}
# CMOS 17 author-date (15.9, 15.40-15.52): full names, first author inverted; year after the authors;
# English titles in headline case (8.159), quoted article and chapter titles with the period inside
# the quotes in English, « » in Italian; "eds." / "a cura di" after the editors of an edited book;
# "edited by" / "a cura di" and the pages after a chapter's book; "Journal 14 (1): 15–34."; a web page
# with its site and date, "Accessed" / "Consultato il" without a date of publication.
CHICAGO = {
    "en": {
        "book": "Piore, Michael J., and Charles F. Sabel. 1984. <i>The Second Industrial Divide: Possibilities for "
                "Prosperity</i>. New York: Basic Books.",
        "edited": "Becattini, Giacomo, Marco Bellandi, and Lisa De Propris, eds. 2009. <i>A Handbook of Industrial "
                  "Districts</i>. Edward Elgar.",
        "chapter": "Becattini, Giacomo. 1990. “The Marshallian Industrial District as a Socio-economic Notion.” In "
                   "<i>Industrial Districts and Inter-firm Co-operation in Italy</i>, edited by Frank Pyke, Giacomo "
                   "Becattini, and Werner Sengenberger, 37–51. International Institute for Labour Studies.",
        "article": "Porter, Michael E. 2000. “Location, Competition, and Economic Development: Local Clusters in a "
                   "Global Economy.” <i>Economic Development Quarterly</i> 14 (1): 15–34. "
                   "https://doi.org/10.1177/089124240001400105.",
        "report": "Hausmann, Ricardo, Dani Rodrik, and Charles F. Sabel. 2008. <i>Reconfiguring Industrial Policy: A "
                  "Framework with an Application to South Africa</i>. CID Faculty Working Paper No. 168. Center for "
                  f"International Development at Harvard University. {REPORT_URL}.",
        "law": "Legge 5 ottobre 1991, n. 317. Interventi per l'innovazione e lo sviluppo delle piccole imprese (1991). "
               "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1991-10-05;317.",
        "eu_act": "Commission Recommendation of 6 May 2003 concerning the definition of micro, small and medium-sized "
                  "enterprises, 2003/361/EC, L 124 Official Journal of the European Union 36 (2003). "
                  "http://data.europa.eu/eli/reco/2003/361/oj.",
        "webpage": "Istituto nazionale di statistica. 2015. “I distretti industriali 2011.” Istat, February 24. "
                   "https://www.istat.it/it/archivio/150320.",
        "webpage_nd": "Club dei distretti industriali. n.d. “I distretti.” Accessed May 4, 2026. "
                      "https://www.clubdistretti.it/distretti.",
    },
    "it": {
        "book": "Piore, Michael J., e Charles F. Sabel. 1984. <i>The Second Industrial Divide: Possibilities for "
                "Prosperity</i>. New York: Basic Books.",
        "edited": "Becattini, Giacomo, Marco Bellandi, e Lisa De Propris, a cura di. 2009. <i>A Handbook of Industrial "
                  "Districts</i>. Edward Elgar.",
        "chapter": "Becattini, Giacomo. 1990. «The Marshallian Industrial District as a Socio-economic Notion». In "
                   "<i>Industrial Districts and Inter-firm Co-operation in Italy</i>, a cura di Frank Pyke, Giacomo "
                   "Becattini, e Werner Sengenberger, 37–51. International Institute for Labour Studies.",
        "article": "Porter, Michael E. 2000. «Location, Competition, and Economic Development: Local Clusters in a "
                   "Global Economy». <i>Economic Development Quarterly</i> 14 (1): 15–34. "
                   "https://doi.org/10.1177/089124240001400105.",
        "report": "Hausmann, Ricardo, Dani Rodrik, e Charles F. Sabel. 2008. <i>Reconfiguring Industrial Policy: A "
                  "Framework with an Application to South Africa</i>. CID Faculty Working Paper n. 168. Center for "
                  f"International Development at Harvard University. {REPORT_URL}.",
        "law": "Legge 5 ottobre 1991, n. 317. Interventi per l'innovazione e lo sviluppo delle piccole imprese (1991). "
               "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1991-10-05;317.",
        "eu_act": "Commission Recommendation of 6 May 2003 concerning the definition of micro, small and medium-sized "
                  "enterprises, 2003/361/EC, L 124 Official Journal of the European Union 36 (2003). "
                  "http://data.europa.eu/eli/reco/2003/361/oj.",
        "webpage": "Istituto nazionale di statistica. 2015. «I distretti industriali 2011». Istat, 24 febbraio. "
                   "https://www.istat.it/it/archivio/150320.",
        "webpage_nd": "Club dei distretti industriali. s.d. «I distretti». Consultato il 4 maggio 2026. "
                      "https://www.clubdistretti.it/distretti.",
    },
}
EXPECTED = {"apa": APA, "chicago-author-date": CHICAGO}
CASES = [(style, lang, rid) for style in EXPECTED for lang in ("it", "en") for rid in EXPECTED[style][lang]]


@pytest.fixture(scope="module")
def rendered():
    return {(style, lang): format_bibliography(ITEMS, lang, style) for style in STYLES for lang in ("it", "en")}


@pytest.mark.parametrize("style,lang,rid", CASES, ids=["-".join(c) for c in CASES])
def test_expected_rendering(rendered, style, lang, rid):
    assert rendered[(style, lang)][rid] == EXPECTED[style][lang][rid]


def test_every_type_in_both_styles_and_languages():
    types = {i["type"] if i["id"] != "edited" else "edited book" for i in ITEMS if i["id"] in APA["en"]}
    assert types == {"book", "edited book", "chapter", "article-journal", "report", "legislation", "webpage"}
    for style in EXPECTED.values():
        assert set(style["it"]) == set(style["en"]) == set(APA["en"])


def test_italian_title_keeps_its_case_in_both_styles():
    for style in STYLES:
        for lang in ("it", "en"):
            assert "Dal settore industriale al distretto industriale. Alcune considerazioni" in \
                format_plain(ITEMS, lang, style)["article_it"]


def test_no_empty_field_punctuation_in_the_fixtures(rendered):
    for (style, lang), out in rendered.items():
        for rid, text in out.items():
            plain = html.unescape(re.sub(r"<[^>]+>", "", text))
            assert not re.search(r"\(\s*\)|, \.|\.\s*\.|, ,|Retrieved http|Recuperato http|Recuperato da http", plain), (style, lang, rid, plain)


# -- APA order and year suffixes ------------------------------------------------------------------------
SAME_YEAR = [
    {"id": "camagni_networks", "type": "book", "language": "en", "author": [{"family": "Camagni", "given": "Roberto"}],
     "title": "Innovation networks: Spatial perspectives", "publisher": "Belhaven", "issued": {"date-parts": [[1991]]}},
    {"id": "camagni_urbana", "type": "book", "language": "it", "author": [{"family": "Camagni", "given": "Roberto"}],
     "title": "Economia urbana", "publisher": "NIS", "issued": {"date-parts": [[1991]]}},
    {"id": "camagni_capello", "type": "book", "language": "en",
     "author": [{"family": "Camagni", "given": "Roberto"}, {"family": "Capello", "given": "Roberta"}],
     "title": "A joint work", "publisher": "X", "issued": {"date-parts": [[1991]]}},
]


def test_year_suffixes_follow_the_titles_and_the_order():
    """APA 9.47: same author(s), same year: a, b by title; a co-authored work is another author group."""
    assert year_suffixes(SAME_YEAR) == {"camagni_urbana": "a", "camagni_networks": "b"}
    for style, year in (("apa", "(1991{})"), ("chicago-author-date", "1991{}.")):
        out = format_plain(SAME_YEAR, "en", style)
        assert year.format("a") in out["camagni_urbana"] and year.format("b") in out["camagni_networks"]
        assert "1991a" not in out["camagni_capello"] and "1991b" not in out["camagni_capello"]
    ordered = [i["id"] for i in sorted(SAME_YEAR, key=sort_key)]
    assert ordered == ["camagni_urbana", "camagni_networks", "camagni_capello"]  # one author before two


def test_a_suffix_from_the_sources_is_kept():
    """An as-cited entry keeps the suffix its sources print; no other letter is added to its group."""
    cited = [{"id": "camagni1991a", "type": "document", "author": [{"family": "Camagni"}],
              "issued": {"date-parts": [[1991]]}, "year-suffix": "a"},
             {"id": "camagni1991", "type": "document", "author": [{"family": "Camagni"}], "issued": {"date-parts": [[1991]]}}]
    assert year_suffixes(cited) == {}
    assert format_plain(cited, "it")["camagni1991a"] == "Camagni. (1991a)."


# -- the style chosen in mkdocs.yml ------------------------------------------------------------------------
def test_citation_style_setting():
    assert citation_style(None) == "apa"
    assert citation_style("chicago-author-date") == "chicago-author-date"
    for bad in ("APA", "harvard", 7, ["apa"]):
        with pytest.raises(InputError) as exc:
            citation_style(bad, "mkdocs.yml")
        message = str(exc.value)
        assert message.startswith("mkdocs.yml: extra.lessico.citation_style:") and "\n" not in message
        assert "apa, chicago-author-date" in message


def test_project_config_names_a_known_style():
    import yaml

    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    block = re.search(r"^extra:\n((?:  .*\n)+)", text, re.M).group(1)
    assert citation_style(yaml.safe_load(block)["lessico"]["citation_style"]) in STYLES


def test_styles_are_vendored_with_licence_and_fixes():
    for name in STYLES.values():
        text = (references.STYLES_DIR / name).read_text(encoding="utf-8")
        assert 'license="http://creativecommons.org/licenses/by-sa/3.0/"' in text
        header = text.split("<style", 1)[0]
        assert "Local fixes" in header and "lessico:" in text
        # every fix the header announces is marked where it is made
        for n in re.findall(r"^  (\d+)\. ", header, re.M):
            assert re.search(rf"lessico: fix {n}\b", text), (name, n)


# -- the same data and style through pandoc's citeproc -------------------------------------------------------
def _pandoc(tmp_path, style: str, lang: str) -> str:
    (tmp_path / "items.json").write_text(json.dumps(ITEMS, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "doc.md").write_text('---\nnocite: "@*"\n---\n', encoding="utf-8")
    out = subprocess.run(["pandoc", "doc.md", "--citeproc", "--bibliography", "items.json",
                          "--csl", str(references.STYLES_DIR / STYLES[style]), "-M", f"lang={LANGS_PANDOC[lang]}",
                          "-t", "plain", "--wrap=none"], cwd=tmp_path, capture_output=True, text=True, check=True)
    return out.stdout.replace("’", "'")


LANGS_PANDOC = {"it": "it-IT", "en": "en-US"}
# pandoc 2.17 and citeproc-py agree on these entries; they differ (pandoc's side) on a month-day date
# in Italian (no day-month order), an act number it reads as numeric ("Pub. L. No. 2003/361/EC") and
# Chicago's headline case of hyphenated words ("Socio-Economic")
SAME_IN_PANDOC = ("book", "edited", "chapter", "article", "report", "law", "webpage_nd", "article_it")


@pytest.mark.parametrize("lang", ["it", "en"])
def test_pandoc_renders_the_same(tmp_path, lang):
    pandoc = _pandoc(tmp_path, "apa", lang)
    ours = format_plain(ITEMS, lang, "apa")
    paragraphs = set(p.strip() for p in pandoc.split("\n\n"))
    for rid in SAME_IN_PANDOC:
        assert ours[rid] in paragraphs, (rid, ours[rid])
    chicago = _pandoc(tmp_path, "chicago-author-date", lang)
    # Italian titles in sentence case, from the records' language
    assert "Dal settore industriale al distretto industriale. Alcune considerazioni sull'unità d'indagine" in chicago
    edited = {"it": "Becattini, Giacomo, Marco Bellandi, e Lisa De Propris, a cura di. 2009.",
              "en": "Becattini, Giacomo, Marco Bellandi, and Lisa De Propris, eds. 2009."}[lang]
    assert edited in chicago and edited in format_plain(ITEMS, lang, "chicago-author-date")["edited"]


# -- the bibliography page ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pages():
    from lessico.build import build_model, render_tree

    model = build_model(ROOT)
    tree = render_tree(model, ROOT / "docs", True, "https://example.org/")
    return model, {lang: tree[f"bibliography/index.{lang}.md"] for lang in ("it", "en")}


EMPTY_FIELD = re.compile(r"\(\s*\)|, \.|,\s*,|\.\s*\.(?!\.)|:\s*\.|\(s\.d\.\)\. Recuperato|\(n\.d\.\)\. Retrieved|"
                         r"Recuperato https?:|Retrieved https?:|^\s*\(")


def _entry_texts(page: str) -> dict[str, str]:
    return {rid: html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
            for rid, text in re.findall(r'<div class="lx-ref" id="([^"]+)">\s*<p class="lx-ref-text">(.*?)</p>', page, re.S)}


def test_bibliography_page_has_no_empty_fields(pages):
    model, by_lang = pages
    for lang, page in by_lang.items():
        texts = _entry_texts(page)
        assert len(texts) == len(model.bib.items)
        for rid, text in texts.items():
            assert not EMPTY_FIELD.search(text), (lang, rid, text)


def test_bibliography_page_cite_this(pages):
    model, by_lang = pages
    from lessico.exports.bibtex import to_bibtex
    from lessico.references import is_as_cited

    labels = {"it": ("Citare quest’opera", "APA (7ª ed.)", "Copia"), "en": ("Cite this work", "APA (7th ed.)", "Copy")}
    records = [i for i in model.bib.items if not is_as_cited(i)]
    assert records
    for lang, page in by_lang.items():
        chunks = dict(re.findall(r'<div class="lx-ref" id="([^"]+)">(.*?)</div>\n(?=\n|$)', page, re.S))
        blocks = {rid: chunk for rid, chunk in chunks.items() if "<details" in chunk}
        assert len(chunks) == len(model.bib.items)
        assert set(blocks) == {i["id"] for i in records}  # as-cited entries have no record to cite
        summary, style, copy = labels[lang]
        for item in records:
            block = blocks[item["id"]]
            assert f"<summary>{summary}</summary>" in block
            areas = dict(re.findall(r'<textarea id="lx-(cite|bibtex)-[^"]+"[^>]*>(.*?)</textarea>', block, re.S))
            assert html.unescape(areas["cite"]) == model.plain[lang][item["id"]]
            assert html.unescape(areas["bibtex"]) == to_bibtex([item]).strip()
            assert f">{style}</label>" in block
            assert block.count(f">{copy}</button>") == 2
            for target in re.findall(r'data-copy="([^"]+)"', block):
                assert f'<textarea id="{target}"' in block


# -- details the corpus's records need -------------------------------------------------------------------------
MORE = [
    {"id": "decree", "type": "legislation", "language": "it",
     "title": "Decreto-legge 18 ottobre 2012, n. 179. Ulteriori misure urgenti per la crescita del Paese",
     "section": "art. 25", "references": "Convertito, con modificazioni, dalla legge 17 dicembre 2012, n. 221",
     "issued": {"date-parts": [[2012, 10, 18]]}, "URL": "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legge:2012-10-18;179"},
    {"id": "french_journal", "type": "article-journal", "language": "en",
     "author": [{"family": "Andreoni", "given": "Antonio"}, {"family": "Gregory", "given": "Mike"}],
     "title": "Why and how does manufacturing still matter: Old rationales, new realities",
     "container-title": "Revue d'économie industrielle", "volume": "144", "page": "21-57",
     "issued": {"date-parts": [[2013]]}, "DOI": "10.4000/rei.5668"},
    {"id": "no_volume", "type": "article-journal", "language": "it", "author": [{"family": "Becattini", "given": "Giacomo"}],
     "title": "Dal settore industriale al distretto industriale", "container-title": "Rivista di Economia e Politica Industriale",
     "issued": {"date-parts": [[1979]]}},
]


def test_decree_article_and_later_history():
    """An Italian decree's article is printed as cited ("art. 25", no "§"), its conversion into law after it."""
    assert format_plain(MORE, "it")["decree"] == (
        "Decreto-legge 18 ottobre 2012, n. 179. Ulteriori misure urgenti per la crescita del Paese, art. 25 (2012). "
        "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legge:2012-10-18;179 "
        "(Convertito, con modificazioni, dalla legge 17 dicembre 2012, n. 221)")
    assert "§" not in format_plain(MORE, "en", "chicago-author-date")["decree"]


def test_a_french_journal_keeps_its_case():
    """Neither style title-cases a French journal that holds an English article ("Revue D'économie")."""
    for style in STYLES:
        for lang in ("it", "en"):
            assert "<i>Revue d'économie industrielle</i>" in format_bibliography(MORE, lang, style)["french_journal"]
    assert format_plain(MORE, "en", "chicago-author-date")["french_journal"] == (
        "Andreoni, Antonio, and Mike Gregory. 2013. “Why and How Does Manufacturing Still Matter: Old Rationales, "
        "New Realities.” Revue d'économie industrielle 144: 21–57. https://doi.org/10.4000/rei.5668.")


def test_journal_without_volume_has_no_second_year():
    assert format_plain(MORE, "en", "chicago-author-date")["no_volume"] == (
        "Becattini, Giacomo. 1979. “Dal settore industriale al distretto industriale.” "
        "Rivista di Economia e Politica Industriale.")
    assert format_plain(MORE, "it")["no_volume"] == (
        "Becattini, G. (1979). Dal settore industriale al distretto industriale. Rivista di Economia e Politica Industriale.")
