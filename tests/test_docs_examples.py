"""Every shell example of README.md and docs/ runs, in order, against a real ``wpcompat serve --demo``
on a fresh database, through bash and curl, and answers what its text says.

The convention (docs/testing.md, "The docs-examples test"): every ```` ```sh ```` block runs unless one of
the HTML comment lines right above its fence is ``<!-- not run: REASON -->`` (set-up commands, deploy configs). Inside a
block, a comment line ``# -> TEXT`` asserts that the output of the commands since the previous assertion
contains TEXT (``# => TEXT``: is exactly TEXT, surrounding white space aside); several such lines in a row
all check the same output. Headers count as output where the command shows them (``curl -i``, ``-I``).
The examples address ``http://127.0.0.1:8080`` as a reader's ``serve --demo`` does; here that address
is rewritten to the test server's port. Files run in the order of :data:`ORDER`, then the other docs
files alphabetically, all in one bash process, so shell variables and written rows carry over.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .server_process import free_port, running_server

REPO = Path(__file__).resolve().parent.parent
ORDER = ("README.md", "docs/booknetic-rest.md", "docs/teambooking.md")
DOCUMENTED_ADDRESS = "127.0.0.1:8080"
NOT_RUN = re.compile(r"^<!-- not run: \S.* -->$")
FENCE = re.compile(r"^```(\S*)\s*$")
ASSERTION = re.compile(r"^\s*# (->|=>) (.*)$")


@dataclass
class Step:
    """Commands up to an assertion, and what their output must show."""

    where: str  # file:line of the step's first line
    code: list[str] = field(default_factory=list)
    contains: list[str] = field(default_factory=list)
    equals: list[str] = field(default_factory=list)


@dataclass
class Block:
    where: str
    language: str
    lines: list[str]
    run: bool


def doc_files() -> list[str]:
    others = sorted(str(p.relative_to(REPO)) for p in (REPO / "docs").glob("*.md"))
    return [*ORDER, *(name for name in others if name not in ORDER)]


def blocks(name: str) -> list[Block]:
    lines = (REPO / name).read_text(encoding="utf-8").split("\n")
    found, i = [], 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        start = i
        i += 1
        while i < len(lines) and not lines[i].startswith("```"):
            i += 1
        above = start - 1  # the HTML comments right above the fence (the test command's marker is one)
        marked = False
        while above >= 0 and lines[above].startswith("<!--"):
            marked = marked or NOT_RUN.match(lines[above]) is not None
            above -= 1
        found.append(Block(f"{name}:{start + 1}", match.group(1), lines[start + 1:i], not marked))
        i += 1
    return found


def steps(block: Block) -> list[Step]:
    result: list[Step] = []
    current: Step | None = None
    file, line = block.where.rsplit(":", 1)
    for offset, text in enumerate(block.lines, start=int(line) + 1):
        assertion = ASSERTION.match(text)
        if assertion:
            if current is None:  # an assertion right after another one checks the same output
                assert result, f"{file}:{offset}: an assertion before any command"
                current = result.pop()
            (current.contains if assertion.group(1) == "->" else current.equals).append(assertion.group(2))
            result.append(current)
            current = None
            continue
        if current is None:
            current = Step(f"{file}:{offset}")
        current.code.append(text)
    if current is not None and any(code.strip() and not code.lstrip().startswith("#") for code in current.code):
        result.append(current)
    return result


def all_steps() -> list[Step]:
    found = []
    for name in doc_files():
        for block in blocks(name):
            if block.language == "sh" and block.run:
                found.extend(steps(block))
    return found


def test_every_shell_example_is_run_or_marked_not_run():
    for name in doc_files():
        for block in blocks(name):
            text = "\n".join(block.lines)
            if block.language != "sh" and "curl " in text:
                assert not block.run, f"{block.where}: a curl example in a ```{block.language} block: make it ```sh"
            if block.run and block.language == "sh":
                assert "curl " in text or "=" in text, f"{block.where}: a runnable sh block with no example"


def test_the_examples_assert_what_they_answer():
    checked = [step for step in all_steps() if step.contains or step.equals]
    assert len(checked) >= 60, f"only {len(checked)} examples state their answer"


def test_every_example_does_what_its_text_says(tmp_path, database_url):
    assert shutil.which("bash"), "the docs examples need bash"
    assert shutil.which("curl"), "the docs examples need curl (apt-get install curl): they cannot run without it"
    port = free_port()
    address = f"127.0.0.1:{port}"
    plan = all_steps()
    outputs = tmp_path / "out"
    outputs.mkdir()
    (tmp_path / ".curlrc").write_text("max-time = 30\n")
    script = ["cd " + str(tmp_path)]
    for n, step in enumerate(plan):
        code = "\n".join(step.code).replace(DOCUMENTED_ADDRESS, address)
        script.append(f"{{\n{code}\n}} >'{outputs}/{n}' 2>'{outputs}/{n}.err'\necho $? >'{outputs}/{n}.rc'")
    # Rate limits on, as a reader's serve has them (their headers are in the examples), counted in this run's file.
    env = {**os.environ, "WPCOMPAT_DATABASE_URL": database_url, "WPCOMPAT_SECRET_KEY": "docs-examples",
           "WPCOMPAT_RATELIMIT_ENABLED": "true",
           "WPCOMPAT_RATELIMIT_STORAGE_URI": f"wpcompat+sqlite:///{tmp_path / 'ratelimits.sqlite3'}",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))}
    command = [sys.executable, "-m", "wpcompat.cli", "serve", "--demo", "--port", str(port), "--workers", "1"]
    with running_server(command, port, env=env, cwd=tmp_path):
        subprocess.run(["bash", "-c", "\n".join(script)], env={**os.environ, "CURL_HOME": str(tmp_path)},
                       timeout=600, check=False)
    failures = []
    for n, step in enumerate(plan):
        output = (outputs / f"{n}").read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
        status = (outputs / f"{n}.rc").read_text().strip()
        problems = [] if status == "0" else [f"exit status {status}: {(outputs / f'{n}.err').read_text()[-500:]}"]
        for expected in step.contains:
            if expected.replace(DOCUMENTED_ADDRESS, address) not in output:
                problems.append(f"does not contain {expected!r}")
        for expected in step.equals:
            if output.strip() != expected.replace(DOCUMENTED_ADDRESS, address):
                problems.append(f"is not {expected!r}")
        if problems:
            failures.append(f"{step.where}: {'; '.join(problems)}\n    answered: {output[:1500]!r}")
    assert not failures, f"{len(failures)} of {len(plan)} examples do not do what their text says:\n" + "\n".join(failures)
