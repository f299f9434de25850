"""Words the preview shows that depend on the wiki: language names in citations and flags.

CS1 writes a citation's ``|language=ru`` as "(in Russian)" on enwiki and "(ロシア語)" on
jawiki, never as the bare code; a flag icon is a picture of the flag, not the letters of its
country code.  Codes not listed here are shown as given.
"""

from __future__ import annotations

__all__ = ["flag_emoji", "language_label"]

# code: (English name, Japanese name)
_LANGUAGES = {
    "en": ("English", "英語"),
    "ja": ("Japanese", "日本語"),
    "ru": ("Russian", "ロシア語"),
    "uk": ("Ukrainian", "ウクライナ語"),
    "bg": ("Bulgarian", "ブルガリア語"),
    "vi": ("Vietnamese", "ベトナム語"),
    "de": ("German", "ドイツ語"),
    "fr": ("French", "フランス語"),
    "es": ("Spanish", "スペイン語"),
    "it": ("Italian", "イタリア語"),
    "zh": ("Chinese", "中国語"),
    "ko": ("Korean", "朝鮮語"),
    "ar": ("Arabic", "アラビア語"),
    "pt": ("Portuguese", "ポルトガル語"),
    "fi": ("Finnish", "フィンランド語"),
}
_BY_NAME = {name.casefold(): code for code, names in _LANGUAGES.items() for name in names}


def language_label(value: str, wiki: str) -> str:
    """How CS1 on WIKI shows ``|language=VALUE``: "(in Russian)", "(ロシア語)"."""
    parts = [part.strip() for part in value.split(",") if part.strip()]
    names = []
    for part in parts:
        code = part.casefold() if part.casefold() in _LANGUAGES else _BY_NAME.get(part.casefold())
        if code is None:
            names.append(part)
        else:
            names.append(_LANGUAGES[code][1 if wiki == "jawiki" else 0])
    if wiki == "jawiki":
        return f"({'、'.join(names)})"
    return f"(in {' and '.join(names)})"


# ISO 3166 alpha-3 codes and common names (as {{flagicon|…}} takes them) → alpha-2
_COUNTRIES = {
    "USA": "US", "United States": "US", "RUS": "RU", "Russia": "RU", "JPN": "JP", "Japan": "JP",
    "UKR": "UA", "Ukraine": "UA", "CHN": "CN", "China": "CN", "GBR": "GB", "UK": "GB",
    "United Kingdom": "GB", "FRA": "FR", "France": "FR", "GER": "DE", "DEU": "DE",
    "Germany": "DE", "FIN": "FI", "Finland": "FI", "SUI": "CH", "CHE": "CH",
    "Switzerland": "CH", "KOR": "KR", "South Korea": "KR", "PRK": "KP", "North Korea": "KP",
    "IND": "IN", "India": "IN", "ITA": "IT", "Italy": "IT", "CAN": "CA", "Canada": "CA",
    "TUR": "TR", "Turkey": "TR", "BLR": "BY", "Belarus": "BY", "POL": "PL", "Poland": "PL",
    "BUL": "BG", "BGR": "BG", "Bulgaria": "BG", "VIE": "VN", "VNM": "VN", "Vietnam": "VN",
    "SAU": "SA", "KSA": "SA", "Saudi Arabia": "SA", "ISR": "IL", "Israel": "IL",
    "IRN": "IR", "Iran": "IR", "BRA": "BR", "Brazil": "BR", "AUS": "AU", "Australia": "AU",
    "アメリカ": "US", "アメリカ合衆国": "US", "ロシア": "RU", "日本": "JP", "ウクライナ": "UA",
    "中国": "CN", "イギリス": "GB", "フランス": "FR", "ドイツ": "DE",
}  # fmt: skip


def flag_emoji(country: str) -> str | None:
    """The flag of COUNTRY as regional-indicator letters (🇺🇸), or None when unknown."""
    alpha2 = _COUNTRIES.get(country.strip())
    if alpha2 is None:
        return None
    return "".join(chr(0x1F1E6 + ord(letter) - ord("A")) for letter in alpha2)
