"""The classifier's knowledge as plain data, compiled from departments.yaml (and terms.yaml), cached on disk.

A one-duty run should cost little more than starting Python: it reads the cached compiled form
(JSON) instead of parsing YAML and validating pydantic models. The cache is keyed on the content of
departments.yaml and of the code that compiles and matches, so it is rebuilt whenever either changes,
and any cache that does not read back cleanly is simply rebuilt.
"""

from __future__ import annotations

import json
import os
import re
import stat
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from orgroles.matcher import ALIAS_WEIGHT, CONTEXT, DATA, OVERLAP, SHIPPED, TERM, UNCLASSIFIED, UNRELATED, known_words
from orgroles.paths import KNOWLEDGE_FILE, MAX_DATA_BYTES, knowledge_path, overlay_path, shipped_data_dir
from orgroles.text import HANGUL, LATIN, canonical, fold, tokens_of

if TYPE_CHECKING:
    from orgroles.model import Division, Function, KnowledgeBase

FORMAT = 4  # 2: a header line with the body's CRC-32; 3: the terms.yaml overlay and where terms came from;
# 4: a head-only term's hit carries a sixth field, True
CACHE_ENV = "ORGROLES_CACHE_DIR"
_CODE = ("compiled.py", "matcher.py", "text.py", "overlay.py")
_REQUIRED = {"key", "format", "division_of", "functions", "overlaps", "rules", "table", "prefixes", "breaks",
             "words", "stems", "names", "reasons", "questions", "source", "overlay_terms", "corrections"}  # fmt: skip
MAX_CACHE_BYTES = 64 * 1024 * 1024  # the compiled shipped knowledge is well under 2 MB


def cache_dir() -> Path:
    """ORGROLES_CACHE_DIR, else $XDG_CACHE_HOME/orgroles, else ~/.cache/orgroles.

    A relative XDG_CACHE_HOME is ignored, as the XDG Base Directory spec says: it would put the cache
    wherever the command happens to run.
    """
    if env := os.environ.get(CACHE_ENV):
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".cache"
    return base / "orgroles"


def _source(path: Path) -> bytes | None:
    """A data file's bytes (at most one byte past the size limit, which the loader then refuses), or None."""
    try:
        with path.open("rb") as stream:
            return stream.read(MAX_DATA_BYTES + 1)
    except OSError:
        return None  # the loader reports the real problem


def load_compiled(directory: Path | None = None) -> dict[str, Any]:
    """The compiled knowledge in force (departments.yaml, and the folder's terms.yaml on top of it), from
    the cache when it is current.

    A cache file is used only when it is safe to read (see `_read`), its key (format, and CRC-32 and
    length of departments.yaml, of terms.yaml and of the matching code) equals the current one, its body
    has the CRC-32 written with it, and it holds every part; anything else is rebuilt. What is compiled
    is exactly the bytes that were hashed: a file edited in between cannot be filed under the old key.
    """
    path = knowledge_path(directory)
    extra = overlay_path(directory)
    raw = _source(path)
    extra_raw = _source(extra) if extra is not None else b""
    # CRC-32 and length of the data and of the code that reads it: content-based, and cheap to import
    here = Path(__file__).parent
    parts = [raw or b"", extra_raw or b"", *((here / name).read_bytes() for name in _CODE)]
    key = f"{FORMAT}-" + "-".join(f"{zlib.crc32(part):08x}{len(part):x}" for part in parts)
    # one cache file per knowledge in use: the shipped data and a --data folder do not evict each other
    where = f"{path.resolve()}|{extra.resolve() if extra is not None else ''}"
    cached = cache_dir() / f"classifier-{zlib.crc32(where.encode()):08x}-{zlib.crc32(key.encode()):08x}.json"
    data = _read(cached, key)
    if data is not None:
        return data
    data = _compile(path, raw, extra, extra_raw)
    data["key"] = key
    data["format"] = FORMAT
    if raw is not None and extra_raw is not None:
        _store(cached, data)
    return data


def _compile(path: Path, raw: bytes | None, extra: Path | None, extra_raw: bytes | None) -> dict[str, Any]:
    """Validate and compile the bytes read; a file that could not be read is read again only to say why."""
    from orgroles.knowledge import load_knowledge, read_bytes

    kb = load_knowledge(path, raw)
    data = build(kb)
    data["source"] = SHIPPED if path == shipped_data_dir() / KNOWLEDGE_FILE else DATA
    data["overlay_terms"] = {}
    data["corrections"] = {}
    if extra is not None:
        from orgroles.overlay import apply_overlay, read_overlay

        data = apply_overlay(data, read_overlay(extra, read_bytes(extra) if extra_raw is None else extra_raw, kb))
    return data


def _private_folder(folder: Path) -> bool:
    """A folder only its owner (this user, or root) can write: a file others can plant or swap is not read."""
    try:
        info = folder.stat()
    except OSError:
        return False
    if os.name != "posix":  # no owners or mode bits to ask (Windows keeps a user's cache under their profile)
        return stat.S_ISDIR(info.st_mode)
    owner_ok = info.st_uid in (os.geteuid(), 0)
    return stat.S_ISDIR(info.st_mode) and owner_ok and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(cached: Path, key: str) -> dict[str, Any] | None:
    """The cached compiled form, or None unless it is safe to read, its key is current and its body is
    what was written.

    Safe: a regular file (not a FIFO that would hang, nor a symlink to /dev/zero), owned by this user, of
    bounded size, in a folder no one else can write. The file is a header line (key and CRC-32 of the
    body) and the body: a cache cut short, edited or written by another version is rebuilt, not trusted.
    """
    if not _private_folder(cached.parent):
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(cached, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        owner_ok = os.name != "posix" or info.st_uid == os.geteuid()
        if not stat.S_ISREG(info.st_mode) or not owner_ok or info.st_size > MAX_CACHE_BYTES:
            return None
        with os.fdopen(fd, "rb") as stream:
            fd = -1
            blob = stream.read(MAX_CACHE_BYTES + 1)
    except OSError:
        return None
    finally:
        if fd >= 0:
            os.close(fd)
    if len(blob) > MAX_CACHE_BYTES:
        return None
    try:
        header, _, body = blob.partition(b"\n")
        meta = json.loads(header)
        if not (isinstance(meta, dict) and meta.get("key") == key and meta.get("crc") == zlib.crc32(body)):
            return None
        data = json.loads(body)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.keys() >= _REQUIRED else None


def _store(path: Path, data: dict[str, Any]) -> None:
    """Write atomically; a cache that cannot be written only costs speed."""
    import tempfile

    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private_folder(path.parent):
            return  # others could swap the file: it would not be read back anyway
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".classifier-", suffix=".tmp")
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        header = json.dumps({"key": data["key"], "crc": zlib.crc32(body)}).encode("utf-8")
        with os.fdopen(fd, "wb") as out:
            out.write(header + b"\n" + body)
        os.replace(tmp, path)
        tmp = None
        source = path.name.rsplit("-", 1)[0]  # classifier-<source>: older versions of the same source go
        for stale in path.parent.glob(f"{source}-*.json"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def propagate_overlap_cues(table: dict[str, list[list[Any]]]) -> None:
    """A term that contains an overlap's cue word signals that overlap too ('social media manager').

    The scan takes the longest term, so the cue inside it would otherwise never be seen. Only overlap
    cues spread this way: context rules name their own compounds.
    """
    cues = {key: [h for h in hits if h[0] == OVERLAP] for key, hits in table.items()}
    cues = {key: hits for key, hits in cues.items() if hits}
    lengths = sorted({len(k) for k in cues}, reverse=True)
    for key, hits in table.items():
        for i in range(len(key)):
            if i and key[i - 1].isascii() and key[i - 1].isalnum() and key[i].isascii():
                continue  # a Latin cue starts at a word start only
            for length in lengths:
                j = i + length
                if j > len(key) or (i == 0 and j == len(key)):
                    continue
                cue = key[i:j]
                if cue in cues and not (j < len(key) and key[j].isascii() and key[j].isalnum() and cue[-1].isascii()):
                    for hit in cues[cue]:
                        if hit not in hits:
                            hits.append(hit)


def build(kb: KnowledgeBase) -> dict[str, Any]:
    from orgroles.model import LANGS

    data = compile_knowledge(kb)
    names: dict[str, dict[str, str]] = {}
    reasons: dict[str, str] = {}
    for lang in LANGS:
        reasons[f"{UNCLASSIFIED}||{lang}"] = sentence(kb.principle.outside.get(lang), lang)
        for div in kb.divisions:
            names.setdefault(div.id, {})[lang] = div.name.get(lang)
            why = div.reason.get(lang)
            reasons[f"{div.id}||{lang}"] = sentence(f"{div.name.get(lang)}{_SEP[lang]}{why}", lang)
            for fn in kb.functions:
                if fn.division == div.id:
                    names.setdefault(fn.id, {})[lang] = fn.name.get(lang)
                    reasons[f"{div.id}|{fn.id}|{lang}"] = sentence(
                        f"{fn.name.get(lang)}{_PAREN[lang].format(div.name.get(lang))}{_SEP[lang]}{why}", lang
                    )
    data["names"] = names
    data["reasons"] = reasons
    data["questions"] = {o.id: o.question.model_dump() for o in kb.overlaps}
    data["questions"][""] = kb.principle.question.model_dump()
    return data


_LATIN_WORD = re.compile(r"[a-z0-9]+")
_SEP = {"en": ": ", "ko": ": ", "zh": "："}
_PAREN = {"en": " ({})", "ko": " ({})", "zh": "（{}）"}
_STOP = {"en": ".", "ko": ".", "zh": "。"}


def sentence(text: str, lang: str) -> str:
    text = text.rstrip(".。")
    return (text[:1].upper() + text[1:] if lang == "en" else text) + _STOP[lang]


def compile_knowledge(kb: KnowledgeBase) -> dict[str, Any]:
    """The knowledge base as plain data for the Matcher (JSON-safe, so it can be cached)."""
    table: dict[str, list[list[Any]]] = {}
    words: set[str] = set()

    breaks: dict[str, set[int]] = {}

    def add(term: str, hit: list[Any]) -> None:
        key, _toks, gaps = canonical(fold(term))
        if len(key.strip()) < 2:
            return
        if gaps:
            breaks.setdefault(key, set()).update(gaps)
        for kind, word, _s, _e in tokens_of(fold(term)):
            if kind in (LATIN, HANGUL):
                words.add(word)
        hits = table.setdefault(key, [])
        for old in hits:
            if old[0] == hit[0] == TERM and old[1] == hit[1] and old[3:4] + old[5:] == hit[3:4] + hit[5:]:
                old[2] = max(old[2], hit[2])  # one term, one vote: the same word twice keeps its larger weight
                return
        if hit not in hits:
            hits.append(hit)

    from orgroles.model import LANGS

    for group in kb.vocabulary.terms:
        for lang in LANGS:
            for term, weight in group.get(lang).items():
                # a head-only term's hit says so in a sixth field; every other hit keeps five
                add(term, [TERM, group.target, weight, group.sense, term, *([True] if group.head_only else [])])
    named: list[Division | Function] = [*kb.divisions, *kb.functions]
    for item in named:
        for lang in LANGS:
            for name in [item.name.get(lang), *item.aliases.get(lang)]:
                if canonical(fold(name))[0] not in table:
                    add(name, [TERM, item.id, ALIAS_WEIGHT, None, name])
    for rule in kb.vocabulary.contexts:
        for lang in LANGS:
            for cue in rule.when.get(lang):
                add(cue, [CONTEXT, rule.id, 0.0, None, cue])
    for ov in kb.overlaps:
        for lang in LANGS:
            for cue in ov.terms.get(lang):
                add(cue, [OVERLAP, ov.id, 0.0, None, cue])
    propagate_overlap_cues(table)
    # Where the scan looks a key up: a key that starts with a Latin word under that whole word (a Latin
    # key only starts at a word start, so it must begin with the word standing there), others under
    # their first two characters.
    prefixes: dict[str, set[int]] = {}
    for key in table:
        latin = _LATIN_WORD.match(key)
        prefixes.setdefault(latin.group() if latin else key[:2], set()).add(len(key))
    known, stems = known_words(words)
    division_of = {f.id: f.division for f in kb.functions}
    division_of.update({d.id: d.id for d in kb.divisions})
    division_of[UNRELATED] = UNCLASSIFIED
    return {
        "division_of": division_of,
        "functions": [f.id for f in kb.functions],
        "overlaps": {o.id: o.functions for o in kb.overlaps},
        "rules": [[r.id, r.sense, r.then] for r in kb.vocabulary.contexts],
        "table": dict(sorted(table.items())),
        "prefixes": {p: sorted(lengths, reverse=True) for p, lengths in sorted(prefixes.items())},
        "breaks": {key: sorted(gaps) for key, gaps in sorted(breaks.items())},
        "words": known,
        "stems": stems,
    }
