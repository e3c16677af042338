"""The README's `stockdb` commands name commands and options the CLI has: a
renamed option or a dropped subcommand would leave the manual showing a
command that fails with click's usage error."""

from __future__ import annotations

import re
import shlex

import click

from stockdb import PROJECT_ROOT
from stockdb.cli import cli

# A command line in a code block: optional VAR=value words, then stockdb.
CODE_LINE = re.compile(r"^(?:\$ )?(?:[A-Z_]+=\S+ )*(?:\.venv/bin/)?stockdb (?P<args>.+)$")
# An inline one: `stockdb …` in the prose.
INLINE = re.compile(r"`(?:[A-Z_]+=\S+ )*stockdb (?P<args>[^`]+)`")


def readme_commands(text: str) -> list[str]:
    """The argument part of every stockdb command the README shows."""
    commands = []
    for block in re.findall(r"^```[a-z]*\n(.*?)^```", text, re.S | re.M):
        for line in block.splitlines():
            match = CODE_LINE.match(line.strip())
            if match:
                # A comment, a pipe or a following command ends it.
                commands.append(re.split(r"\s+#|\s*[|;&]", match["args"])[0])
    commands += [m["args"] for m in INLINE.finditer(text)]
    return commands


def unknown_words(args: str) -> list[str]:
    """The subcommands and options of args the CLI does not have."""
    try:
        words = shlex.split(args.replace("…", "X"))
    except ValueError:
        return []
    command: click.Command = cli
    path = ["stockdb"]
    while words and isinstance(command, click.Group) and not words[0].startswith("-"):
        sub = command.commands.get(words[0])
        if sub is None:
            # `stockdb import FILE` runs `import run` with the kind from the file.
            if path == ["stockdb", "import"] and words[0].endswith((".xlsx", "FILE")):
                command = command.commands["run"]
                break
            return [f"{' '.join(path)} has no command {words[0]}"]
        command, path = sub, [*path, words.pop(0)]
    options = {"--help"}
    for param in command.params:
        options.update(getattr(param, "opts", []))
        options.update(getattr(param, "secondary_opts", []))
    takes_value = {
        o for param in command.params if isinstance(param, click.Option) and not param.is_flag
        for o in param.opts
    }
    unknown, skip = [], False
    for word in words:
        if skip:
            skip = False
            continue
        if word.startswith("-") and word != "-":
            name = word.split("=")[0]
            if name not in options:
                unknown.append(f"{' '.join(path)} has no option {name}")
            skip = name in takes_value and "=" not in word
    return unknown


def test_every_stockdb_command_in_the_readme_exists():
    commands = readme_commands((PROJECT_ROOT / "README.md").read_text())
    assert len(commands) > 80, "the README's commands were not found"
    assert [f"`stockdb {c}`: {u}" for c in commands for u in unknown_words(c)] == []


def test_the_readme_check_catches_a_wrong_command():
    text = "```sh\nstockdb backup create --dir b --lables x  # a typo\nstockdb restore X\n```\n"
    assert [u for c in readme_commands(text) for u in unknown_words(c)] == [
        "stockdb backup create has no option --lables",
        "stockdb has no command restore",
    ]
