"""Linux: a smaller ICU data library for the one-folder app (the spec calls :func:`shrink`).

PySide6's Qt for Linux links its own ICU, whose data library (``libicudata.so.NN``) is 32 MB: every locale's
names, units, currencies and collations, ~190 legacy converters, break dictionaries for Thai, Khmer, Lao,
Burmese and Chinese/Japanese, transliterators. Qt uses ICU for collation (sorting), locale-aware case mapping and
the legacy converters of ``QStringConverter``; agentdesk speaks English and Japanese, and Python (not Qt)
decodes every email. So the app keeps:

- the locale data of ``root``, English and Japanese (every ``en_*`` and ``ja_*``), in every category;
- everything that is not per-locale (the collation root table, likely subtags, time zones, plural rules …);
- the converters' alias table, and the Japanese converters (Shift_JIS/cp932, EUC-JP, the JIS tables);

and leaves out the other locales, the other converters, the break dictionaries (Qt finds word and line breaks
itself) and the transliterators. A locale left out falls back to ``root`` (collation by code point order of
the root table, which is what ICU does for any locale it has no data for).

How: the data is the one symbol ``icudtNN_dat`` of that library (ICU's "common data" package). It is cut out of
the ELF file, filtered with ICU's own ``icupkg`` (Debian: ``icu-devtools``; any recent version reads the
package), and linked back into a library of the same name and symbol with the C compiler (``.incbin``).
Without ``icupkg`` or ``cc`` the build keeps the full library and says so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

#: the languages whose locale data is kept (with every regional variant), and the root locale
LANGUAGES = ("root", "en", "ja")
#: converters kept (besides the alias table): Shift_JIS / cp932, EUC-JP, the JIS X 0208/0212 tables, ISO-2022-JP
CONVERTERS = re.compile(r"^(ibm-943_|ibm-33722_|ibm-5348_|euc-jp|jisx-|ibm-954_)")
_LOCALE_FILE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")
_ALWAYS = {"res_index.res", "pool.res"}


def keep(item: str) -> bool:
    """Whether the data item ``item`` (as ``icupkg -l`` lists it: ``coll/ja.res``, ``ibm-943_P15A-2003.cnv``)
    stays in the app."""
    folder, _, name = item.rpartition("/")
    if folder == "translit":
        return False
    if name.endswith(".dict"):  # break dictionaries (Thai, Khmer, Lao, Burmese, CJK): Qt breaks text itself
        return False
    if name.endswith(".cnv"):
        return CONVERTERS.match(name) is not None
    if name in _ALWAYS or not _LOCALE_FILE.match(name):
        return True
    language = name.removesuffix(".res").split("_")[0]
    return language in LANGUAGES


def _symbol(library: Path) -> tuple[str, bytes]:
    """The name and bytes of the ``icudtNN_dat`` symbol of ``library``."""
    symbols = subprocess.run(["readelf", "--dyn-syms", "-W", str(library)], capture_output=True, text=True,
                             check=True).stdout
    for line in symbols.splitlines():
        fields = line.split()
        if len(fields) >= 8 and re.fullmatch(r"icudt\d+_dat", fields[7]):
            name, value, size, section = fields[7], int(fields[1], 16), int(fields[2], 0), int(fields[6])
            break
    else:
        raise RuntimeError(f"{library.name} has no icudtNN_dat symbol")
    sections = subprocess.run(["readelf", "-S", "-W", str(library)], capture_output=True, text=True,
                              check=True).stdout
    for line in sections.splitlines():
        found = re.match(r"\s*\[\s*(\d+)\]\s+\S+\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)", line)
        if found and int(found.group(1)) == section:
            address, offset = int(found.group(2), 16), int(found.group(3), 16)
            data = library.read_bytes()
            start = offset + value - address
            return name, data[start:start + size]
    raise RuntimeError(f"{library.name}: section {section} of {name} not found")


def shrink(library: Path, workdir: Path) -> Path | None:
    """A smaller copy of the ICU data library ``library`` in ``workdir`` (same file name); None when the tools
    are missing (the caller keeps the original)."""
    icupkg, cc = shutil.which("icupkg"), shutil.which("cc") or shutil.which("gcc")
    if icupkg is None or cc is None or shutil.which("readelf") is None:
        print("agentdesk.spec: icupkg (icu-devtools), cc or readelf missing: the full ICU data library "
              f"({library.stat().st_size / 1e6:.0f} MB) is kept", file=sys.stderr)
        return None
    workdir.mkdir(parents=True, exist_ok=True)
    name, blob = _symbol(library)
    with tempfile.TemporaryDirectory(dir=workdir) as scratch:
        folder = Path(scratch)
        full = folder / f"{name.removesuffix('_dat')}l.dat"
        full.write_bytes(blob)
        items = subprocess.run([icupkg, "-l", str(full)], capture_output=True, text=True, check=True).stdout.split()
        dropped = [item for item in items if not keep(item)]
        (folder / "drop.txt").write_text("\n".join(dropped) + "\n", encoding="utf-8")
        (folder / "small").mkdir()
        small = folder / "small" / full.name  # icupkg names the items after the file: the same name
        strict = subprocess.run([icupkg, "-r", "drop.txt", full.name, str(small)], cwd=folder,
                                capture_output=True, text=True)
        if strict.returncode != 0:  # only the break rules may refer to the dictionaries left out
            missing = re.findall(r"depends on missing item (\S+)", strict.stdout + strict.stderr)
            if not missing or any(not item.endswith(".dict") for item in missing):
                raise RuntimeError(f"icupkg refused to filter the ICU data:\n{strict.stdout}{strict.stderr}")
            subprocess.run([icupkg, "--ignore-deps", "-r", "drop.txt", full.name, str(small)], cwd=folder,
                           check=True, capture_output=True)
        source = folder / "icudata.S"
        source.write_text(
            f'\t.section .rodata\n\t.globl {name}\n\t.type {name}, @object\n\t.balign 16\n{name}:\n'
            f'\t.incbin "{small}"\n\t.size {name}, .-{name}\n\t.section .note.GNU-stack,"",@progbits\n',
            encoding="utf-8")
        target = workdir / library.name
        subprocess.run([cc, "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o", str(target), str(source)],
                       check=True, capture_output=True)
    print(f"agentdesk.spec: ICU data {len(blob) / 1e6:.1f} MB -> {target.stat().st_size / 1e6:.1f} MB "
          f"({len(items) - len(dropped)} of {len(items)} items kept)", file=sys.stderr)
    return target
