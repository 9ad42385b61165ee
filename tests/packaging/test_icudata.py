"""packaging/icudata.py keeps ICU's data for English, Japanese and everything that is not per-locale, and cuts
the rest; on a real Qt ICU library (Linux, with icupkg and cc) the cut library still sorts and maps case as
the full one does."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.packaging.support import ROOT
from tests.support.databases import need

spec = importlib.util.spec_from_file_location("icudata", ROOT / "packaging" / "icudata.py")
assert spec is not None and spec.loader is not None
icudata = importlib.util.module_from_spec(spec)
spec.loader.exec_module(icudata)


@pytest.mark.parametrize(("item", "kept"), [
    ("root.res", True), ("en.res", True), ("en_GB.res", True), ("ja_JP.res", True), ("fr.res", False),
    ("zh_Hant_TW.res", False), ("coll/ja.res", True), ("coll/de.res", False), ("coll/de_.res", False),
    ("coll/ucadata.icu", True), ("lang/en_001.res", True), ("unit/ru.res", False), ("curr/pool.res", True),
    ("res_index.res", True), ("coll/res_index.res", True), ("zoneinfo64.res", True), ("likelySubtags.res", True),
    ("supplementalData.res", True), ("uts46.nrm", True), ("cnvalias.icu", True), ("ibm-943_P15A-2003.cnv", True),
    ("ibm-33722_P12A_P12A-2009_U2.cnv", True), ("ebcdic-xml-us.cnv", False), ("gb18030.cnv", False),
    ("brkitr/cjdict.dict", False), ("brkitr/line.brk", True), ("brkitr/ja.res", True), ("translit/root.res", False),
])
def test_what_is_kept(item: str, kept: bool) -> None:
    assert icudata.keep(item) is kept


CHECK = """
from PySide6.QtCore import QCollator, QLocale
words = ["さとう", "カトウ", "あべ", "abc", "ABC", "東京", "Zeta", "éclair", "Äpfel"]
for name in ("ja_JP", "en_US", "fr_FR"):
    c = QCollator(QLocale(name))
    print(name, sorted(words, key=c.sortKey))
print(QLocale("ja").toUpper("straße"), QLocale("tr").toUpper("istanbul"))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt links its own ICU on Linux only")
def test_the_cut_library_sorts_as_the_full_one(tmp_path: Path) -> None:
    if shutil.which("icupkg") is None or shutil.which("cc") is None or shutil.which("readelf") is None:
        need("icupkg, cc and readelf are needed (Debian: icu-devtools, gcc, binutils)")
    import PySide6

    libraries = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not libraries:
        pytest.skip("this PySide6 has no ICU library of its own")
    small = icudata.shrink(libraries[0], tmp_path)
    assert small is not None and small.stat().st_size < libraries[0].stat().st_size / 3

    def run(env: dict[str, str]) -> str:
        done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, env=env, timeout=120,
                              check=False)
        assert done.returncode == 0, done.stderr
        assert "Could not create collator" not in done.stderr, done.stderr
        return done.stdout

    full = run(dict(os.environ))
    cut = run({**os.environ, "LD_LIBRARY_PATH": str(tmp_path)})
    assert cut == full
