"""Handing the course out: the notebooks of one language copied into a folder a student owns.

    copy_course("~/docker-course", "ko")     # -> [("copied", "01-filesystem.ipynb"), ...]

What a hub or nbgitpuller does with a repository, for a pip-installed course. A student's edits are
never written over: a notebook already in the folder is replaced only when it is still exactly what an
earlier copy put there (a manifest, `.layer-lab-course.json`, keeps the SHA-256 of every file copied);
otherwise it is kept, and said so.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from simulator.course.files import LANGUAGES, notebooks_dir

MANIFEST = ".layer-lab-course.json"
COPIED, UPDATED, UNCHANGED, KEPT = "copied", "updated", "unchanged", "kept"


def course_files(language: str = "en") -> dict[str, Path]:
    """The notebooks a student gets, by the name they get in the folder: the course in that language
    (`ko/` for Korean) and the notebooks every language shares (the playground, its projector page)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (allowed: {', '.join(LANGUAGES)})")
    root = notebooks_dir()
    files = {p.name: p for p in sorted(root.glob("*.ipynb"))}
    if language != "en":
        files.update({p.name: p for p in sorted((root / language).glob("*.ipynb"))})
    return dict(sorted(files.items()))


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_course(folder, language: str = "en") -> list[tuple[str, str]]:
    """Copy the notebooks into `folder` (made if missing). Returns (what happened, file name) per
    notebook: copied, updated (an unedited earlier copy), unchanged, or kept (edited since: left alone).
    Raises NotADirectoryError when `folder` is a file."""
    target = Path(folder).expanduser()
    if target.exists() and not target.is_dir():
        raise NotADirectoryError(str(target))
    target.mkdir(parents=True, exist_ok=True)
    manifest_path = target / MANIFEST
    try:
        recorded = json.loads(manifest_path.read_text("utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        recorded = {}
    report, files = [], dict(recorded) if isinstance(recorded, dict) else {}
    for name, source in course_files(language).items():
        dest = target / name
        new = _digest(source)
        if not dest.exists():
            action = COPIED
        elif dest.is_file() and _digest(dest) == new:
            action = UNCHANGED
        elif dest.is_file() and files.get(name) == _digest(dest):
            action = UPDATED
        else:
            report.append((KEPT, name))
            continue
        if action != UNCHANGED:
            tmp = dest.with_name(dest.name + ".tmp")
            tmp.write_bytes(source.read_bytes())
            os.replace(tmp, dest)
        files[name] = new
        report.append((action, name))
    manifest_path.write_text(json.dumps({"language": language, "files": files}, indent=1, sort_keys=True) + "\n",
                             encoding="utf-8")
    return report
