"""Where the shared ground truth (golden captures, site files, the replay tool) lives.

The project is cloned with ``shared/`` beside it (CI does so), so the default is ``<repo root>/../shared``,
wherever the clone is. In a linked git worktree the clone's own folder has no ``shared/`` beside it, so the
main checkout's neighbour is looked at next. ``WPCOMPAT_SHARED_DIR`` names another place outright.
"""
from __future__ import annotations

import os
from pathlib import Path

SHARED_DIR_ENV = "WPCOMPAT_SHARED_DIR"
REPO_ROOT = Path(__file__).resolve().parents[1]


def _main_checkout(root: Path) -> Path | None:
    """The main working tree of a linked worktree (whose ``.git`` is a file naming ``<main>/.git/worktrees/x``)."""
    dotgit = root / ".git"
    if not dotgit.is_file():
        return None
    gitdir = Path(dotgit.read_text().split("gitdir:", 1)[-1].strip())
    if not gitdir.is_absolute():
        gitdir = (root / gitdir).resolve()
    return gitdir.parents[2] if gitdir.parent.name == "worktrees" else None


def shared_dir() -> Path:
    """The shared folder; a clear error if there is none (the golden tests must not pass by not running)."""
    if os.environ.get(SHARED_DIR_ENV):
        candidates = [Path(os.environ[SHARED_DIR_ENV])]
    else:
        main = _main_checkout(REPO_ROOT)
        candidates = [REPO_ROOT.parent / "shared"] + ([main.parent / "shared"] if main else [])
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"no shared ground truth at {' or '.join(map(str, candidates))}: clone the project "
                            f"with shared/ beside it, or set {SHARED_DIR_ENV}")


SHARED = shared_dir()
BOOKNETIC_CAPTURES = SHARED / "specs" / "golden" / "booknetic-5.1.2"
TEAMBOOKING_CAPTURES = SHARED / "specs" / "golden" / "teambooking-2.5.7"
GOLDEN_SITE = SHARED / "golden" / "booknetic-site.json"
REPLAY_TOOL = SHARED / "tools" / "golden_replay.py"
