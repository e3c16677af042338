"""The README's `stockdb` commands name commands and options the CLI has, and
its api calls name functions and arguments the database has: a renamed
option or argument would leave the manual showing a call that fails."""

from __future__ import annotations

import re
import shlex

import click
import psycopg

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


def unknown_api_names(text: str, functions: dict[str, list[set[str]]]) -> list[str]:
    """The api functions text names that do not exist, and the named arguments
    (name => …) of a call that no signature of its function takes."""
    unknown = []
    for match in re.finditer(r"\bapi\.(\w+)\b", text):
        name = match[1]
        if name not in functions:
            unknown.append(f"api.{name} does not exist")
            continue
        if text[match.end():match.end() + 1] != "(":
            continue
        depth, end = 0, match.end()
        for end in range(match.end(), len(text)):
            depth += {"(": 1, ")": -1}.get(text[end], 0)
            if depth == 0:
                break
        named = set(re.findall(r"(?<![\w.])(\w+)\s*=>", text[match.end():end]))
        if named and not any(named <= signature for signature in functions[name]):
            missing = named - set().union(*functions[name])
            unknown.append(f"api.{name} takes no {', '.join(sorted(missing))}")
    return unknown


def api_functions(conn: psycopg.Connection) -> dict[str, list[set[str]]]:
    functions: dict[str, list[set[str]]] = {}
    for name, arguments in conn.execute(
        """SELECT p.proname, coalesce(p.proargnames, '{}') FROM pg_proc AS p
           WHERE p.pronamespace = 'api'::regnamespace"""
    ).fetchall():
        functions.setdefault(name, []).append(set(arguments))
    return functions


def test_every_api_call_in_the_readme_names_a_function_and_arguments_it_has(conn):
    text = (PROJECT_ROOT / "README.md").read_text()
    assert len(re.findall(r"\bapi\.\w+", text)) > 100, "the README's api calls were not found"
    assert sorted(set(unknown_api_names(text, api_functions(conn)))) == []


def test_the_readme_api_check_catches_a_wrong_name(conn):
    text = ("`api.reserve_stock(idempotency_key => 'k', product => p)` and "
            "`SELECT api.reserve_stocks('k')`")
    assert unknown_api_names(text, api_functions(conn)) == [
        "api.reserve_stock takes no product",
        "api.reserve_stocks does not exist",
    ]
