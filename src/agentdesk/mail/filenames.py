"""Attachment file names: warnings for names that try to pass an executable off as a document (executable
extensions, double extensions ``invoice.pdf.exe``, right-to-left override characters), and the safe base name
under which a file is written to disk or sent (:func:`safe_filename`)."""

from __future__ import annotations

import re

_EXECUTABLE = {
    "exe", "scr", "com", "pif", "bat", "cmd", "cpl", "msi", "msp", "mst", "jar", "js", "jse", "vbs", "vbe",
    "vb", "wsf", "wsh", "wsc", "ps1", "psm1", "hta", "lnk", "reg", "dll", "sys", "application", "gadget",
    "inf", "scf", "url", "app", "command", "sh", "iso", "img", "vhd", "vhdx", "appx", "msix", "xll", "docm",
    "xlsm", "pptm", "chm",
}
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def filename_warnings(name: str) -> tuple[str, ...]:
    """Warnings for a file name: "executable", "double_extension" (invoice.pdf.exe), "rtl_override"."""
    warnings: list[str] = []
    if _BIDI.search(name):
        warnings.append("rtl_override")
    visible = _BIDI.sub("", name).strip().rstrip(". ")
    parts = visible.lower().split(".")
    exts = [p.strip() for p in parts[1:]]
    if exts and exts[-1] in _EXECUTABLE:
        warnings.append("executable")
        if len(exts) >= 2 and exts[-2] and len(exts[-2]) <= 5 and exts[-2].isalnum():
            warnings.append("double_extension")
    hidden_exe = any(e[::-1] in _EXECUTABLE for e in exts) or re.search(r"(exe|scr|com|bat|js)[.]", visible.lower())
    if "rtl_override" in warnings and "executable" not in warnings and hidden_exe:
        warnings.append("executable")
    return tuple(warnings)


#: names Windows reserves for devices, with or without an extension (``CON``, ``nul.txt``, ``COM1.log`` …)
_RESERVED = re.compile(r"^(con|prn|aux|nul|clock\$|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)
_UNSAFE_CHARS = re.compile(r'[\x00-\x1f\x7f-\x9f<>:"|?*\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]')
MAX_NAME = 200


def safe_filename(name: str, *, fallback: str = "attachment") -> str:
    """A base name that stays inside whatever folder it is written to, on every system: the last path component
    only (``../../etc/passwd`` → ``passwd``), no control or bidirectional characters, none of Windows's
    forbidden characters, no device name (``CON``, ``nul.txt`` → ``_CON``…), no leading or trailing dots and
    spaces, at most :data:`MAX_NAME` characters (the extension kept); ``fallback`` when nothing is left."""
    base = re.split(r"[/\\]", name or "")[-1]
    base = _UNSAFE_CHARS.sub("_", base).strip(" .")
    if not base or set(base) <= {"_", "."}:
        base = fallback
    if _RESERVED.match(base):
        base = "_" + base
    if len(base) > MAX_NAME:
        stem, dot, ext = base.rpartition(".")
        ext = ext if dot and 0 < len(ext) <= 16 else ""
        base = (stem if ext else base)[:MAX_NAME - len(ext) - 1].rstrip(" .") + ("." + ext if ext else "")
    return base
