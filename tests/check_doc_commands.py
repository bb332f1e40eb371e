#!/usr/bin/env python3
"""Runs every shell command of README.md and docs/*.md as a reader pastes it.

A reader pastes the commands of the fenced ```sh, ```bash and ```console
blocks (in a console block, the lines that start with `$ `) at the project
root after the quick start. This does the same, one command at a time, in
order, and fails naming the file, line and command of any that fails.

The commands run in a scratch copy of the root: every entry of the source
root is a symbolic link to it, except `build`, which links to the build
directory under test, so `build/tools/backprop` is this build's tool whatever
the build directory is called. A command that leaves a file at the root, or
changes or adds a file of the source tree, is a failure: documented commands
write into build/.

A comment just before a block (blank lines between are allowed) changes how
its commands run:
  <!-- not-run: REASON -->     not run (installing packages, the suite itself, benchmarks)
  <!-- needs-graphviz -->      run only when the build has Graphviz
  <!-- exit-status: N -->      each command must exit with N (a documented error)

usage: check_doc_commands.py SOURCE_ROOT BUILD_DIR (--graphviz | --no-graphviz)
       check_doc_commands.py --self-test BUILD_DIR
"""
import os
import re
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

SHELL_LANGUAGES = {"sh", "bash", "console", "shell"}
MARKER = re.compile(r"<!--\s*(not-run|needs-graphviz|exit-status)\s*(?::\s*(.*?))?\s*-->")
FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w+-]*)")
COMMAND_TIMEOUT_SECONDS = 120


@dataclass
class Command:
    file: str
    line: int
    text: str
    exit_status: int
    needs_graphviz: bool


@dataclass
class Skipped:
    file: str
    line: int
    reason: str


def commands_in_block(lines, language):
    """(line offset, command) pairs of a block; `\\` continues a command."""
    commands = []
    pending, start = "", 0
    for offset, raw in enumerate(lines):
        line = raw.strip()
        if language == "console":
            if not pending:
                if not line.startswith("$ "):
                    continue  # output shown in the document
                line = line[2:]
        if not pending and (not line or line.startswith("#")):
            continue
        if not pending:
            start = offset
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        commands.append((start, pending + line))
        pending = ""
    if pending:
        commands.append((start, pending))
    return commands


def document_commands(path, name):
    """The commands of one markdown file and the blocks it marks as not run."""
    lines = path.read_text(encoding="utf-8").splitlines()
    commands, skipped = [], []
    markers = {}  # the markers since the last non-blank line that was not one
    index = 0
    while index < len(lines):
        line = lines[index]
        marker = MARKER.search(line)
        if marker and line.strip().startswith("<!--"):
            markers[marker.group(1)] = marker.group(2) or ""
            index += 1
            continue
        fence = FENCE.match(line)
        if not fence:
            if line.strip():
                markers = {}
            index += 1
            continue
        indent, ticks, language = fence.groups()
        end = index + 1
        while end < len(lines) and not lines[end].strip().startswith(ticks):
            end += 1
        body = [text[len(indent):] if text.startswith(indent) else text for text in lines[index + 1:end]]
        if language in SHELL_LANGUAGES:
            if "not-run" in markers:
                if not markers["not-run"]:
                    sys.exit(f"check_doc_commands: {name}:{index + 1}: a not-run marker must give its reason")
                skipped.append(Skipped(name, index + 1, markers["not-run"]))
            else:
                status = int(markers.get("exit-status") or 0)
                for offset, text in commands_in_block(body, "console" if language == "console" else "sh"):
                    commands.append(Command(name, index + 2 + offset, text, status, "needs-graphviz" in markers))
        markers = {}
        index = end + 1
    return commands, skipped


def source_snapshot(root):
    """{relative path: (size, mtime)} of the source tree, build directories and .git left out."""
    snapshot = {}
    for directory, subdirectories, files in os.walk(root):
        here = Path(directory)
        subdirectories[:] = [d for d in subdirectories
                             if d != ".git" and not (here / d / "build.ninja").exists()
                             and not (here == root and d.startswith("build"))]
        for file in files:
            path = here / file
            try:
                status = path.lstat()
            except FileNotFoundError:
                continue
            snapshot[str(path.relative_to(root))] = (status.st_size, status.st_mtime_ns)
    return snapshot


def scratch_root(source_root, build_dir):
    """A directory that looks like the project root, with `build` this build."""
    scratch = Path(tempfile.mkdtemp(prefix="doc-commands-"))
    for entry in source_root.iterdir():
        if entry.name != "build":
            (scratch / entry.name).symlink_to(entry)
    (scratch / "build").symlink_to(build_dir)
    return scratch


def run_command(text, directory, environment):
    """(exit status, the end of its output); a command that runs too long is
    stopped with everything it started (its own process group)."""
    process = subprocess.Popen(["bash", "-o", "pipefail", "-c", text], cwd=directory,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=environment, start_new_session=True)
    try:
        output, _ = process.communicate(timeout=COMMAND_TIMEOUT_SECONDS)
        return process.returncode, output[-2000:]
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return "timeout", f"still running after {COMMAND_TIMEOUT_SECONDS} s"


def run(source_root, build_dir, documents, graphviz):
    """Runs every command; returns the list of problems (empty: all ran as documented)."""
    problems = []
    commands, skipped = [], []
    for path in documents:
        found, not_run = document_commands(path, str(path.relative_to(source_root)))
        commands += found
        skipped += not_run
    scratch = scratch_root(source_root, build_dir)
    expected_entries = {entry.name for entry in scratch.iterdir()}
    before = source_snapshot(source_root)
    environment = dict(os.environ, TERM="dumb")
    # The state after the quick start: the demo has written its files.
    quick_start_demo = "build/examples/moons --out build/moons-output"
    ran = 0
    for command in [Command("quick start", 0, quick_start_demo, 0, False)] + commands:
        where = f"{command.file}:{command.line}"
        if command.needs_graphviz and not graphviz:
            print(f"skip {where}: {command.text}  (needs Graphviz, which this build lacks)")
            continue
        status, output = run_command(command.text, scratch, environment)
        ran += 1
        if status != command.exit_status:
            problems.append(f"{where}: `{command.text}` exited with {status}, "
                            f"the document expects {command.exit_status}:\n{output}")
        else:
            print(f"ok   {where}: {command.text}")
        stray = sorted({entry.name for entry in scratch.iterdir()} - expected_entries)
        if stray:
            problems.append(f"{where}: `{command.text}` wrote {', '.join(stray)} at the project root;"
                            " documented commands write into build/")
            expected_entries.update(stray)
        after = source_snapshot(source_root)
        changed = sorted(path for path in after if before.get(path) != after[path])
        if changed:
            problems.append(f"{where}: `{command.text}` changed the source tree: {', '.join(changed)};"
                            " documented commands write into build/")
            before = after
    for skip in skipped:
        print(f"not run {skip.file}:{skip.line}: {skip.reason}")
    print(f"check_doc_commands: {ran} commands run, {len(skipped)} blocks marked not run, "
          f"{len(problems)} problems")
    subprocess.run(["rm", "-rf", str(scratch)], check=False)
    return problems


def self_test(build_dir):
    """The checker must catch a failing command, a wrong exit status and stray files."""
    with tempfile.TemporaryDirectory(prefix="doc-commands-self-test-") as directory:
        root = Path(directory)
        (root / "docs").mkdir()
        (root / "README.md").write_text(
            "```sh\ntrue\nfalse   # line 3\n```\n"
            "<!-- not-run: the suite itself -->\n```sh\nfalse\n```\n"
            "<!-- exit-status: 3 -->\n\n```bash\nexit 3\nexit 0\n```\n"
            "```console\n$ echo a \\\n  > build/ok.txt\nfalse shown as output\n```\n"
            "```cpp\nnot a shell command\n```\n")
        (root / "docs" / "page.md").write_text(
            "```sh\ntouch stray.txt\necho x > docs/page.md\n```\n"
            "<!-- needs-graphviz -->\n```sh\nfalse\n```\n")
        (root / "build").symlink_to(build_dir)  # the quick start's demo runs first
        problems = run(root, Path(build_dir), [root / "README.md", root / "docs" / "page.md"], graphviz=False)
        expected = ["README.md:3: `false   # line 3` exited with 1",
                    "README.md:13: `exit 0` exited with 0, the document expects 3",
                    "docs/page.md:2: `touch stray.txt` wrote stray.txt at the project root",
                    "docs/page.md:3: `echo x > docs/page.md` changed the source tree: docs/page.md"]
        missing = [want for want in expected if not any(problem.startswith(want) for problem in problems)]
        if missing or len(problems) != len(expected):
            sys.exit("check_doc_commands --self-test: expected exactly\n  " + "\n  ".join(expected) +
                     "\ngot\n  " + "\n  ".join(problems))
        if not (Path(build_dir) / "ok.txt").exists():
            sys.exit("check_doc_commands --self-test: the console block's command did not run")
        (Path(build_dir) / "ok.txt").unlink()
    print("check_doc_commands --self-test: every planted problem was reported")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--self-test":
        self_test(Path(sys.argv[2]).resolve())
        return
    if len(sys.argv) != 4 or sys.argv[3] not in ("--graphviz", "--no-graphviz"):
        sys.exit(__doc__)
    source_root, build_dir = Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()
    documents = [source_root / "README.md"] + sorted((source_root / "docs").glob("*.md"))
    problems = run(source_root, build_dir, documents, sys.argv[3] == "--graphviz")
    if problems:
        sys.exit("check_doc_commands: " + "\n\n".join(problems))


if __name__ == "__main__":
    main()
