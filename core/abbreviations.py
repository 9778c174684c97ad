"""Abbreviations of the domain and the initials derived from any name, for search.

Two sources, both folded (:func:`core.text.fold`):

- :data:`ABBREVIATIONS`, the maintained table of what Vietnamese party and state documents
  abbreviate (MTTQ, TW / TƯ, TP.HCM, NVNONN, UBND, BCH, BCSĐ, ĐUB…), each with its full form(s);
- :func:`initials`, the abbreviations derived from a stored name without a table: the first
  letter of each syllable ("Mặt trận Tổ quốc" → ``mttq``, "người Việt Nam ở nước ngoài" →
  ``nvnonn``), so a new agency is found by its initials without anyone editing the table.

The derived-initials rule (:func:`initials`): fold the name, split it into words at spaces and
punctuation, drop numbers; each syllable gives its first letter, a word that is already an
abbreviation (not a Vietnamese syllable: ``TP``, ``MTTQ``, ``TNCS``) gives itself whole; "trung
ương" gives both ``tu`` and the usual ``tw``; a second form leaves out the linking words (và,
của, về, các, những, với, đối), so "Ban Tuyên giáo và Dân vận Trung ương" gives ``btgvdvtw`` and
``btgdvtw``. Search matches a query that is an abbreviation against any run of these letters,
so "MTTQ" finds "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam" (``ubtwmttqvn``).
"""

import re

from .text import fold

#: The domain's abbreviations, folded, with their folded full forms (first is the usual one).
#: Sources: the seed articles, VIETNAMESE.md and the identifiers' issuer codes. Fragments that
#: only occur inside longer codes ("bdv" of BDVTW) are left out: the derived initials cover
#: them, and as table entries they would make every "ban dan van" match every BDVTW code.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    # Party bodies
    "tw": ("trung uong",),
    "tu": ("trung uong", "tinh uy"),
    "bch": ("ban chap hanh",),
    "bchtw": ("ban chap hanh trung uong",),
    "bct": ("bo chinh tri",),
    "bbt": ("ban bi thu",),
    "bcsd": ("ban can su dang",),
    "du": ("dang uy",),
    "dub": ("dang uy bo",),
    "dunn": ("dang uy ngoai nuoc",),
    "dukctw": ("dang uy khoi cac co quan trung uong",),
    "dcs": ("dang cong san",),
    "dcsvn": ("dang cong san viet nam",),
    "bdvtw": ("ban dan van trung uong",),
    "btgtw": ("ban tuyen giao trung uong",),
    "btgdv": ("ban tuyen giao va dan van",),
    "btctw": ("ban to chuc trung uong",),
    "bdntw": ("ban doi ngoai trung uong",),
    "vptw": ("van phong trung uong",),
    "btv": ("ban thuong vu",),
    "hu": ("huyen uy",),
    "bcd": ("ban chi dao",),
    # State bodies
    "ubnd": ("uy ban nhan dan",),
    "hdnd": ("hoi dong nhan dan",),
    "ub": ("uy ban",),
    "ubnn": ("uy ban nha nuoc",),
    "qh": ("quoc hoi",),
    "cp": ("chinh phu",),
    "ttg": ("thu tuong",),
    "bng": ("bo ngoai giao",),
    "bca": ("bo cong an",),
    "bqp": ("bo quoc phong",),
    "bgddt": ("bo giao duc va dao tao",),
    "gddt": ("giao duc va dao tao",),
    "bldtbxh": ("bo lao dong thuong binh va xa hoi",),
    "ldtbxh": ("lao dong thuong binh va xa hoi",),
    "bvhttdl": ("bo van hoa the thao va du lich",),
    "vhttdl": ("van hoa the thao va du lich",),
    "qdnd": ("quan doi nhan dan",),
    # Front and mass organisations
    "mttq": ("mat tran to quoc",),
    "mttqvn": ("mat tran to quoc viet nam",),
    "ubtw": ("uy ban trung uong",),
    "tncs": ("thanh nien cong san",),
    "dtn": ("doan thanh nien",),
    "hlhpn": ("hoi lien hiep phu nu",),
    "lhpn": ("lien hiep phu nu",),
    "hnd": ("hoi nong dan",),
    "ccb": ("cuu chien binh",),
    "ctd": ("chu thap do",),
    "lhcthn": ("lien hiep cac to chuc huu nghi",),
    "ldld": ("lien doan lao dong",),
    # Places and groups
    "tp": ("thanh pho",),
    "hcm": ("ho chi minh",),
    "tphcm": ("thanh pho ho chi minh",),
    "hn": ("ha noi",),
    "vn": ("viet nam",),
    "nvn": ("nguoi viet nam",),
    "nvnonn": ("nguoi viet nam o nuoc ngoai",),
    "onn": ("o nuoc ngoai",),
    "kt-xh": ("kinh te - xa hoi", "kinh te xa hoi"),
    "ktxh": ("kinh te xa hoi", "kinh te - xa hoi"),
    "xhcn": ("xa hoi chu nghia",),
    "cnxh": ("chu nghia xa hoi",),
    "dnnd": ("doi ngoai nhan dan",),
    "nq": ("nghi quyet",),
    "kl": ("ket luan",),
    "ct": ("chi thi",),
    "ctr": ("chuong trinh",),
    "ctph": ("chuong trinh phoi hop",),
    "qd": ("quyet dinh", "quy dinh"),
}

#: Full form → its abbreviations, longest full forms first (read a query greedily).
EXPANSIONS: dict[str, tuple[str, ...]] = {}
for _short, _longs in ABBREVIATIONS.items():
    for _long in _longs:
        EXPANSIONS.setdefault(_long, ())
        if _short not in EXPANSIONS[_long]:
            EXPANSIONS[_long] = (*EXPANSIONS[_long], _short)
EXPANSIONS = dict(sorted(EXPANSIONS.items(), key=lambda item: -len(item[0].split())))

#: Words a second form of the initials leaves out.
LINKING_WORDS = frozenset({"va", "cua", "ve", "cac", "nhung", "voi", "doi"})

# A folded Vietnamese syllable: an optional initial consonant, one to three vowels, an optional
# final consonant. Anything else made of letters (mttq, tp, ub, bdvtw) is read as an
# abbreviation.
_SYLLABLE = re.compile(
    r"^(ngh|ng|gh|gi|kh|ph|th|tr|ch|nh|qu|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(ch|ng|nh|[cmnpt])?$"
)
_WORD = re.compile(r"[^\W_]+")


def is_syllable(word: str) -> bool:
    """Whether the folded ``word`` can be a Vietnamese syllable ("dan", "nguoi", "uy")."""
    return bool(_SYLLABLE.match(word))


def is_abbreviation(word: str) -> bool:
    """Whether the folded ``word`` reads as an abbreviation: in the table, or two or more
    letters that cannot be a syllable (MTTQ, BDVTW, HCM, NVNONN)."""
    return word in ABBREVIATIONS or (
        len(word) >= 2 and word.isalpha() and word.isascii() and not is_syllable(word)
    )


def words(value: str | None) -> list[str]:
    """The folded words of ``value``, split at spaces and punctuation ("TP.HCM" → tp, hcm)."""
    return _WORD.findall(fold(value))


def initials(value: str | None) -> list[str]:
    """The abbreviations derived from the name ``value`` (the rule in the module docstring),
    most usual first, without repeats; [] for a name of fewer than two words."""
    parts = [word for word in words(value) if not word.isdigit()]
    if len(parts) < 2:
        return []
    forms = []
    for skip_linking in (False, True):
        letters, index = [], 0
        while index < len(parts):
            word = parts[index]
            if parts[index : index + 2] == ["trung", "uong"]:
                letters.append("tw")
                index += 2
                continue
            index += 1
            if skip_linking and word in LINKING_WORDS:
                continue
            if any(ch.isdigit() for ch in word):
                continue
            letters.append(word if is_abbreviation(word) else word[0])
        form = "".join(letters)
        forms.append(form)
        if "tw" in letters:
            forms.append(form.replace("tw", "tu"))
    return [form for form in dict.fromkeys(forms) if len(form) >= 2]


def initials_key(*values: str | None) -> str:
    """The stored initials of several names: their :func:`initials`, space-separated, with a
    space at both ends so that a whole abbreviation can be matched as `` mttq ``."""
    forms = dict.fromkeys(form for value in values for form in initials(value))
    return f" {' '.join(forms)} " if forms else ""
