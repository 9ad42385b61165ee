"""Warnings for attachment file names that try to pass an executable off as a document: executable
extensions, double extensions (``invoice.pdf.exe``) and right-to-left override characters."""

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
