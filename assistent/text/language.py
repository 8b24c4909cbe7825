"""Which language a short text is in: Dutch or English, by the share of function words.

No maintained offline language-identification package small enough was available (langid and
langdetect are unmaintained, the fastText ones download a model at run time), and only two
languages matter here. Function words ('de', 'het', 'van' / 'the', 'of', 'is') are frequent in
every sentence of more than a few words, and the two lists barely overlap.
"""
from __future__ import annotations

from dataclasses import dataclass

from assistent.text.analysis import tokens

# Words that occur in almost every sentence of one language and (nearly) never in the other.
DUTCH = frozenset(
    "de het een van en in is op te dat die voor met zijn niet aan er als bij ook om door maar naar dan nog "
    "wordt worden kan kunnen moet moeten mag mogen wel geen of uit tot over u uw je jij jullie we wij ons "
    "onze hun zij ze dit deze daar hier wat welke wie hoe waarom wanneer waar heeft hebben was waren "
    "zal zullen zou zouden al alleen nu meer veel minder wel zo omdat want hoewel dus daarom ook bijvoorbeeld "
    "staat gaat komt komen krijgt krijgen geeft geven zelf eigen elke ieder alle andere tussen binnen zonder "
    "volgens per sinds vanaf na tijdens onder boven naast".split()
)
ENGLISH = frozenset(
    "the a an of and to in is are was were be been for with on at by from that this these those it its "
    "which who what how why when where can could would should will shall may might must do does did not "
    "no you your we our they their he she his her there here about into than then also only more most "
    "some any all each other such as if or but so because however therefore has have had get gets need "
    "needs use used about passage concept".split()
)
_BOTH = DUTCH & ENGLISH  # 'in', 'is', 'we': count for neither


@dataclass(frozen=True)
class LanguageVote:
    """How many Dutch and English function words a text has, and the verdict."""

    nl: int
    en: int
    words: int

    @property
    def language(self) -> str | None:
        """'nl', 'en', or None when the text has too few function words to tell."""
        if self.nl == self.en:
            return None
        return "nl" if self.nl > self.en else "en"


def vote(text: str) -> LanguageVote:
    """Count the Dutch and English function words of a text (words in both lists count for neither)."""
    words = tokens(text)
    nl = sum(1 for w in words if w in DUTCH and w not in _BOTH)
    en = sum(1 for w in words if w in ENGLISH and w not in _BOTH)
    return LanguageVote(nl, en, len(words))


def is_language(text: str, lang: str) -> bool | None:
    """True when a text is in `lang` ('nl' or 'en'), False when in the other, None when it cannot be told."""
    v = vote(text)
    if v.language is None:
        return None
    return v.language == lang
