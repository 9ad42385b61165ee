"""Turning the bytes of real-world mail into text: declared charsets that lie or are unknown, the Japanese
and Chinese legacy encodings with their vendor extensions, 8-bit header bytes and RFC 2047 encoded words."""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import unicodedata

#: labels that mean something else in practice (WHATWG Encoding Standard and Japanese/Chinese mail habit)
_ALIASES: dict[str, tuple[str, ...]] = {
    "shift_jis": ("cp932", "shift_jis_2004"),
    "shift-jis": ("cp932", "shift_jis_2004"),
    "sjis": ("cp932", "shift_jis_2004"),
    "x-sjis": ("cp932", "shift_jis_2004"),
    "ms_kanji": ("cp932",),
    "windows-31j": ("cp932",),
    "cp932": ("cp932", "shift_jis_2004"),
    "euc-jp": ("euc_jp", "euc_jis_2004", "cp932"),
    "x-euc-jp": ("euc_jp", "euc_jis_2004"),
    "iso-2022-jp": ("iso2022_jp", "x-cp50220", "iso2022_jp_ext", "iso2022_jp_2004", "iso2022_jp_2"),
    "csiso2022jp": ("iso2022_jp", "x-cp50220", "iso2022_jp_ext"),
    "iso-2022-jp-1": ("iso2022_jp_1", "x-cp50220", "iso2022_jp_2"),
    "iso-2022-jp-2": ("iso2022_jp_2", "x-cp50220"),
    "iso-2022-jp-3": ("iso2022_jp_3", "iso2022_jp_2004", "x-cp50220"),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "x-gbk": ("gb18030",),
    "cp936": ("gb18030",),
    "euc-cn": ("gb18030",),
    "gb18030": ("gb18030",),
    "big5": ("big5hkscs", "cp950"),
    "x-big5": ("big5hkscs", "cp950"),
    "big5-hkscs": ("big5hkscs", "cp950"),
    "cp950": ("cp950", "big5hkscs"),
    "ks_c_5601-1987": ("cp949",),
    "euc-kr": ("cp949",),
    "us-ascii": ("ascii", "cp1252"),
    "ascii": ("ascii", "cp1252"),
    "iso-8859-1": ("cp1252",),
    "iso8859-1": ("cp1252",),
    "iso_8859-1": ("cp1252",),
    "latin1": ("cp1252",),
    "latin-1": ("cp1252",),
    "l1": ("cp1252",),
    "iso-8859-9": ("cp1254",),
    "tis-620": ("cp874",),
    "iso-8859-11": ("cp874",),
    "utf8": ("utf-8",),
    "utf-8": ("utf-8",),
}

#: "lying" labels: single-byte Western labels that often carry UTF-8
_WESTERN = {"ascii", "cp1252"}

#: what to try when the label is missing, unknown or wrong; order breaks ties in favour of Japanese
_GUESSES = ("cp932", "euc_jp", "gb18030", "big5hkscs", "koi8_r", "cp1251", "cp1252")


def _norm_label(label: str | None) -> str:
    return (label or "").strip().strip("\"'").lower()


def _cp50220(data: bytes) -> str:
    """ISO-2022-JP with Microsoft's extensions (CP50220/50221: NEC and IBM rows, half-width kana): each
    JIS X 0208 pair is mapped to Shift_JIS arithmetically and decoded as cp932."""
    out = bytearray()
    mode = "ascii"
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b == 0x1B:
            seq = data[i + 1:i + 3]
            if seq in (b"(B", b"(J"):
                mode = "ascii"
            elif seq in (b"$@", b"$B"):
                mode = "jis"
            elif seq == b"(I":
                mode = "kana"
            else:
                raise UnicodeDecodeError("x-cp50220", data, i, i + 3, "unsupported escape sequence")
            i += 3
            continue
        if b == 0x0E:
            mode, i = "kana", i + 1
            continue
        if b == 0x0F:
            mode, i = "ascii", i + 1
            continue
        if b in (0x0A, 0x0D) or mode == "ascii":
            out.append(b)
            i += 1
            continue
        if mode == "kana":
            if not 0x21 <= b <= 0x5F:
                raise UnicodeDecodeError("x-cp50220", data, i, i + 1, "not a half-width kana")
            out.append(b + 0x80)
            i += 1
            continue
        if i + 1 >= n:
            raise UnicodeDecodeError("x-cp50220", data, i, n, "truncated JIS pair")
        j1, j2 = b, data[i + 1]
        if not (0x21 <= j1 <= 0x7E and 0x21 <= j2 <= 0x7E):
            raise UnicodeDecodeError("x-cp50220", data, i, i + 2, "not a JIS pair")
        s1 = ((j1 - 0x21) >> 1) + 0x81
        if s1 > 0x9F:
            s1 += 0x40
        s2 = (j2 + 0x1F + (1 if j2 >= 0x60 else 0)) if j1 & 1 else j2 + 0x7E
        out += bytes((s1, s2))
        i += 2
    return out.decode("cp932")


def _decode_strict(data: bytes, codec: str) -> str:
    if codec == "x-cp50220":
        return _cp50220(data)
    return data.decode(codec)


def plausibility(text: str) -> float:
    """How much ``text`` looks like human writing (1.0: all ordinary characters; negative: junk)."""
    if not text:
        return 1.0
    total = 0.0
    for ch in text:
        o = ord(ch)
        if o < 0x80:
            total += 1.0 if (ch.isprintable() or ch in "\t\r\n") else -1.0
        elif 0x3000 <= o <= 0x30FF or 0xFF01 <= o <= 0xFF5E or 0x4E00 <= o <= 0x9FFF:
            total += 1.0
        elif 0x0400 <= o <= 0x04FF:
            total += 0.9
        elif 0xC0 <= o <= 0xFF or 0xAC00 <= o <= 0xD7A3:
            total += 0.8
        elif 0xFF61 <= o <= 0xFF9F:
            total += 0.3
        else:
            cat = unicodedata.category(ch)
            if cat in ("Cc", "Co", "Cn", "Cs") or o == 0xFFFD:
                total -= 1.0
            elif cat[0] in "PZ":
                total += 0.7
            elif cat[0] == "L":
                total += 0.3
            else:
                total += 0.2
    return total / len(text)


def guess_decode(data: bytes) -> tuple[str, str]:
    """Text and the codec chosen for bytes of unknown encoding: UTF-8, ISO-2022-JP when escapes are
    present, then the most plausible legacy encoding, else Latin-1 (which never fails)."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x1b$" in data or b"\x1b(" in data:
        for codec in ("iso2022_jp", "x-cp50220", "iso2022_jp_ext", "iso2022_jp_2"):
            try:
                return _decode_strict(data, codec), codec
            except (UnicodeDecodeError, LookupError):
                continue
    best: tuple[float, str, str] | None = None
    for codec in _GUESSES:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if best is None or score > best[0]:
            best = (score, text, codec)
    if best is not None and best[0] > 0.5:
        return best[1], best[2]
    return data.decode("latin-1"), "latin-1"


def decode_bytes(data: bytes, declared: str | None) -> tuple[str, bool]:
    """``(text, fell_back)``: ``data`` decoded by its declared charset where it honestly can be, else by
    guessing; ``fell_back`` is True when the declared charset was missing, unknown or wrong."""
    label = _norm_label(declared)
    if data.isascii() and b"\x1b" not in data:
        return data.decode("ascii"), False
    candidates = _ALIASES.get(label)
    if candidates is None and label:
        try:
            candidates = (codecs.lookup(label).name,)
        except (LookupError, ValueError):  # unknown, or not even a name ("\0", …)
            candidates = None
    if candidates:
        if set(candidates) <= _WESTERN | {"cp1252"} and _looks_utf8(data):
            return data.decode("utf-8"), True
        for codec in candidates:
            try:
                return _decode_strict(data, codec), False
            except (UnicodeDecodeError, LookupError):
                continue
            except Exception:  # a non-text codec named as a charset (e.g. "base64")
                break
    text, _codec = guess_decode(data)
    return text, True


def _looks_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_lossy(data: bytes, declared: str | None) -> str:
    """Like :func:`decode_bytes`, for callers that need only the text."""
    return decode_bytes(data, declared)[0]


# -- headers -----------------------------------------------------------------------------------------------

_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])")


def _ew_bytes(encoding: str, payload: str) -> bytes | None:
    try:
        if encoding in "bB":
            clean = re.sub(r"[^A-Za-z0-9+/]", "", payload)
            clean += "=" * (-len(clean) % 4)
            return base64.b64decode(clean)
        raw = payload.replace("_", " ").encode("ascii", "surrogateescape")
        return re.sub(rb"=([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)
    except (binascii.Error, ValueError):
        return None


def raw_header_text(value: str) -> str:
    """A header value as the parser keeps it (8-bit bytes as surrogates) made into text: unfolded, and
    raw 8-bit bytes (UTF-8, Shift_JIS, EUC-JP …) or raw ISO-2022-JP decoded by guessing."""
    value = _FOLD.sub("", value)
    try:
        data = value.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return value  # already text (a str header set by code)
    if data.isascii() and b"\x1b" not in data:
        return value
    return guess_decode(data)[0]


_CONTROLS = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]+")


def _visible(text: str) -> str:
    """Header text with control characters (CR, LF, NUL, ESC, tabs …) as single spaces: a decoded header
    never carries a line break into a display or into a reply's headers."""
    return _CONTROLS.sub(" ", text)


def decode_header_value(value: str) -> str:
    """The text of a raw header value: unfolded, 8-bit bytes decoded, RFC 2047 encoded words decoded
    (adjacent words of one charset joined before decoding, so a character split across words survives;
    a malformed word is left as it stands)."""
    text = raw_header_text(value)
    if "=?" not in text:
        return _visible(text).strip()
    out: list[str] = []
    pos = 0
    pending: tuple[str, bytearray] | None = None

    def flush() -> None:
        nonlocal pending
        if pending is not None:
            out.append(decode_lossy(bytes(pending[1]), pending[0]))
            pending = None

    for m in _ENCODED_WORD.finditer(text):
        gap = text[pos:m.start()]
        charset = m.group(1).split("*", 1)[0]
        data = _ew_bytes(m.group(2), m.group(3))
        if data is None:
            flush()
            out.append(gap + m.group(0))
            pos = m.end()
            continue
        if pending is not None and not gap.strip():
            if _norm_label(charset) == _norm_label(pending[0]):
                pending[1].extend(data)
                pos = m.end()
                continue
            flush()
            gap = ""
        elif pending is not None:
            flush()
        out.append(gap)
        pending = (charset, bytearray(data))
        pos = m.end()
    flush()
    out.append(text[pos:])
    return _visible("".join(out)).strip()
