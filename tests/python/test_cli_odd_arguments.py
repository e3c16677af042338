"""Every stockdb command, each option and argument in turn given an odd value
(empty, a control character, a newline, 5,000 characters, out of range, not a
number, a path that is not there, is not a workbook or is a device): it succeeds, or
fails as an expected error does, with an exit code and one `stockdb: …` line
(its DETAIL and HINT lines below it, which a database error naming its
SQLSTATE must have: the server's bare 22P02 or 22003 has neither) or click's
usage error; never with a traceback, nor with an empty value shown as nothing
("tenant  not found"). Under --json the error is one JSON object, and so is
what a sound call of each command that takes --json prints.

The commands are read from the click group, so a command added later is swept
without being listed here. The calls run in this process, through the CLI's
own main(), against a database of the test's own."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import sys
import time

import click
import psycopg
import pytest
import xlsxwriter
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from stockdb import cli as stockdb_cli
from stockdb.db import SESSION_OPTIONS, database_url

# Commands that start, stop or remove the cluster, run until stopped or for
# minutes (the demo, the benchmarks, the relay's loop without --once), or put
# psql in the process's place (db psql: test_cluster.py runs it).
NOT_SWEPT = {("db", "start"), ("db", "stop"), ("db", "destroy"), ("db", "psql"), ("demo",),
             ("bench",), ("relay",)}

ODD = {
    "text": ["", "\x01", "x" * 5000, "é☕'; drop", "a\nb"],
    "integer": ["-1", "0", "1000000", "99999999999999999999", "abc"],
    # Relative ones land in the test's directory: a --dir that is not there is
    # made by backup create, and one of / would put a backup there.
    "path": ["", "missing/x.xlsx", "notes.txt", "/dev/null", "/dev/null/x.xlsx"],
    "choice": ["bogus"],
}


# Exit codes that answer the question asked: db status exits 3 when the
# embedded cluster is stopped (as pg_ctl status does), as it is under CI,
# where the tests run on a cluster of their own.
ANSWERS = {("db", "status"): 3}


def commands(group: click.Group, path: tuple[str, ...] = ()):
    for name, command in sorted(group.commands.items()):
        here = (*path, name)
        if here in NOT_SWEPT or here[:1] == ("bench",):
            continue
        if not isinstance(command, click.Group) or command.invoke_without_command:
            yield here, command
        if isinstance(command, click.Group):
            yield from commands(command, here)


def kind(param: click.Parameter) -> str:
    if isinstance(param.type, click.Choice):
        return "choice"
    if isinstance(param.type, click.types.IntParamType):
        return "integer"
    if isinstance(param.type, click.Path | click.File):
        return "path"
    return "text"


def calls(sound: dict[tuple[str, ...], list[str]] | None = None,
          required: dict[str, str] | None = None) -> list[list[str]]:
    """Each command with one option or argument odd, the others sound: the
    arguments sound gives the command (else x), and the options it requires
    the values required gives them (else x)."""
    sound, required = sound or {}, required or {}
    found, whole = [], []
    for path, command in commands(stockdb_cli.cli):
        arguments = [p for p in command.params if isinstance(p, click.Argument)]
        given = sound.get(path, [p.type.choices[0] if kind(p) == "choice" else "x"
                                 for p in arguments])
        needed = [p for p in command.params if isinstance(p, click.Option) and p.required]
        takes_json = any(p.name == "as_json" for p in command.params)
        if takes_json:  # the sound call, after the odd ones: its stdout is one JSON document
            whole.append([*path, *[x for p in needed
                                   for x in (p.opts[0], required.get(p.opts[0], "x"))],
                          *given, "--json"])
        for param in command.params:
            if isinstance(param, click.Option) and (param.is_flag or param.name == "help"):
                continue
            options = [x for p in needed if p is not param
                       for x in (p.opts[0], required.get(p.opts[0], "x"))]
            for value in ODD[kind(param)]:
                if isinstance(param, click.Argument):
                    odd = [value if p is param else v for p, v in zip(arguments, given,
                                                                      strict=True)]
                    argv = [*path, *options, *odd]
                else:
                    argv = [*path, param.opts[0], value, *options, *given]
                found.append(argv)
                if takes_json and value == ODD[kind(param)][0]:
                    found.append([*argv, "--json"])
    return found + whole


def run(argv: list[str], monkeypatch, capsys) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["stockdb", *argv])
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # a prompt reads end of input
    handlers = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        stockdb_cli.main()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_sigterm_that_comes_in_a_finaliser_is_not_lost():
    """Raised in a __del__ (a Popen freed as subprocess.run returned), Terminated was
    printed as 'Exception ignored' and dropped: the restore it should have stopped went
    on and exited 0 (clean-clone CI cc181)."""
    previous = signal.signal(signal.SIGTERM, stockdb_cli._raise_terminated)

    class Freed:
        def __del__(self) -> None:
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(100_000):  # the handler runs in here
                pass

    try:
        with pytest.raises(stockdb_cli.Terminated):
            Freed()  # freed at once
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                time.sleep(0.01)
    finally:
        signal.signal(signal.SIGTERM, previous)


SQLSTATE = re.compile(r" \[[0-9A-Z]{5}\]$")
# "tenant  not found", "no report : …": a value put in a message unquoted.
SHOWN_AS_NOTHING = re.compile(r"\S  \S| : ")


def expected_failure(argv: list[str], code: int, out: str, err: str) -> bool:
    # A database error names its SQLSTATE; one of ours comes with a DETAIL and
    # a HINT, a bare one of the server's (22P02, 22003) with neither.
    if "--json" in argv:
        try:
            error = json.loads(err)
        except ValueError:
            return False
        return "error" in error and ("sqlstate" not in error
                                     or {"detail", "hint"} <= error.keys())
    if err.endswith("\n\n"):
        return False  # a blank line after the error: a message ending in its own newline
    lines = err.rstrip("\n").split("\n")
    if code == 2 and err.startswith("Usage:"):
        return True  # click's usage error: the usage line, a hint and `Error: …`
    # "waiting for it to finish" and the like come before the error, each a line.
    first = next((i for i, line in enumerate(lines) if line.startswith("stockdb: ")), None)
    if first is None or not all(line.startswith(("  DETAIL: ", "  HINT: ", "    "))
                                for line in lines[first + 1:]):
        return False
    told = {line[:8] for line in lines[first + 1:]}
    return not SQLSTATE.search(lines[first]) or {"  DETAIL", "  HINT: "} <= told


def prepare(fresh_db, tmp_path, monkeypatch, capsys) -> tuple[dict, dict]:
    """A database and a directory the commands' sound calls succeed on: the
    arguments each command is given, and the values of the options it requires."""
    monkeypatch.setenv("DATABASE_URL", fresh_db)
    for name in ("PGCLIENTENCODING", "PGOPTIONS"):  # main() sets them; put back after
        monkeypatch.setenv(name, os.environ.get(name, ""))
    backups = tmp_path / "backups"
    backups.mkdir()
    monkeypatch.setenv("STOCKDB_BACKUP_DIR", str(backups))
    for name in ("STOCKDB_WAL_ARCHIVE", "MONGODB_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # a template or a report written lands here
    # Sound arguments reach past "no such file" and "no such backup" to the
    # option varied: a sheet that imports, a batch, a backup, a job, a report.
    book = xlsxwriter.Workbook(str(tmp_path / "products.xlsx"))
    sheet = book.add_worksheet("products")
    for row, cells in enumerate([["SKU", "Name", "Unit"], ["CLI-1", "Cli", "ea"]]):
        sheet.write_row(row, 0, cells)
    book.close()
    assert run(["import", "run", "products", "products.xlsx"], monkeypatch, capsys)[0] == 0
    code, out, _ = run(["backup", "create", "--json"], monkeypatch, capsys)
    assert code == 0
    backup = json.loads(out)["id"]
    code, out, _ = run(["import", "list", "--json"], monkeypatch, capsys)
    assert code == 0
    batch = json.loads(out)[0]["id"]
    sound = {
        ("import", "run"): ["products", "products.xlsx"],
        ("import", "by-name"): ["products.xlsx"],
        ("import", "show"): [batch],
        ("import", "template"): ["products"],
        ("backup", "restore"): [backup],
        ("backup", "verify"): [backup],
        ("backup", "recover"): [backup],
        ("maintenance", "run"): ["check-integrity"],
        ("report", "show"): ["products"],
        ("tenant", "activate"): ["default"],
        ("tenant", "deactivate"): ["default"],
        ("tenant", "create"): ["cli", "Cli"],
        ("user", "set-password"): ["admin@localhost"],
    }
    (tmp_path / "wal").mkdir()
    (tmp_path / "notes.txt").write_text("not a workbook\n")
    required = {"--target-db": "restored", "--pgdata": str(tmp_path / "pgdata"),
                "--wal-archive": str(tmp_path / "wal")}
    return sound, required


def test_no_command_fails_with_a_traceback_or_an_unclear_error(
        fresh_db, tmp_path, monkeypatch, capsys):
    swept = calls(*prepare(fresh_db, tmp_path, monkeypatch, capsys))
    assert len(swept) > 200
    unclear = []
    for argv in swept:
        try:
            code, out, err = run(argv, monkeypatch, capsys)
        except Exception as exc:  # noqa: BLE001 - a traceback is what is looked for
            unclear.append(f"{argv!r:.120}: traceback {type(exc).__name__}: {exc}")
            continue
        if code == ANSWERS.get(tuple(argv[:2])):
            code = 0  # an answer, with its output, not an error
        if code != 0 and not expected_failure(argv, code, out, err):
            unclear.append(f"{argv!r:.120}: exit {code}: {err[-300:]!r}")
        message = next((line for line in err.splitlines() if line.startswith("stockdb: ")), "")
        if "" in argv and SHOWN_AS_NOTHING.search(message):
            unclear.append(f"{argv!r:.120}: an empty value shown as nothing: {message!r:.200}")
        if code == 0 and "--json" in argv:
            try:
                json.loads(out)
            except ValueError:
                unclear.append(f"{argv!r:.120}: exit 0, but no JSON: {out[-200:]!r}")
    assert unclear == []


# What an operator may have set for the database, or in PGOPTIONS. psycopg
# reads dates and times only in the ISO DateStyle: with 'SQL, DMY' every
# listing holding one ended in a NotImplementedError traceback.
OPERATOR_SETTINGS = {"DateStyle": "SQL, DMY", "IntervalStyle": "sql_standard",
                     "standard_conforming_strings": "off", "client_encoding": "LATIN1",
                     "search_path": "nowhere"}
# The commands that only read: what each prints must not change. (check and
# backup verify record their runs, which maintenance status and backup list show.)
READS = {"list", "show", "status", "kinds", "url"}


def test_an_operators_session_settings_change_no_listing(fresh_db, tmp_path, monkeypatch, capsys):
    sound, required = prepare(fresh_db, tmp_path, monkeypatch, capsys)
    listings = []
    for path, command in commands(stockdb_cli.cli):
        if path[-1] in READS:
            needed = [x for p in command.params if isinstance(p, click.Option) and p.required
                      for x in (p.opts[0], required[p.opts[0]])]
            argv = [*path, *needed, *sound.get(path, [])]
            listings.append(argv)
            if any(p.name == "as_json" for p in command.params):
                listings.append([*argv, "--json"])
    assert len(listings) > 15
    before = [run(argv, monkeypatch, capsys) for argv in listings]
    # mongo status without MONGODB_URL is an error, the same one after.
    assert sum(code == 0 for code, _, _ in before) > 15
    with psycopg.connect(fresh_db, autocommit=True) as c:
        for name, value in OPERATOR_SETTINGS.items():
            c.execute(sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                sql.Identifier(c.info.dbname), sql.Identifier(name), sql.Literal(value)))
    # and an option of the environment's own, which the CLI's must come after
    monkeypatch.setenv("PGOPTIONS", "-c DateStyle=German")
    # and libpq's PGDATESTYLE, a startup parameter the server applies after the options
    monkeypatch.setenv("PGDATESTYLE", "SQL, DMY")
    after = []
    for argv in listings:
        try:
            after.append(run(argv, monkeypatch, capsys))
        except Exception as exc:  # noqa: BLE001 - a traceback is what is looked for
            after.append((f"traceback {type(exc).__name__}: {exc}"[:200], "", ""))
    assert {" ".join(argv): a for argv, a, b in zip(listings, after, before, strict=True)
            if a != b} == {}


def test_a_write_refused_as_read_only_says_why(fresh_db, monkeypatch, capsys):
    """The server's 25006 says what was refused, not why, and has no HINT."""
    monkeypatch.setenv("DATABASE_URL", fresh_db)
    with psycopg.connect(fresh_db, autocommit=True) as c:
        c.execute(sql.SQL("ALTER DATABASE {} SET default_transaction_read_only = on").format(
            sql.Identifier(c.info.dbname)))
    code, out, err = run(["tenant", "create", "ro", "Read Only"], monkeypatch, capsys)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "stockdb: cannot execute INSERT in a read-only transaction [25006]",
        "  HINT: transactions here start read-only: default_transaction_read_only is on (for the"
        " database or the role, or in PGOPTIONS), or the server is a standby; the command needs"
        " a read-write primary"]
    code, out, err = run(["tenant", "create", "ro", "Read Only", "--json"], monkeypatch, capsys)
    assert code == 1 and json.loads(err)["hint"].startswith("transactions here start read-only")


def test_the_timeouts_an_operator_sets_for_applications_end_no_command_midway(
        fresh_db, tmp_path, monkeypatch, capsys):
    """An import, a backup and its verify run for longer than an application's
    statement, and hold a transaction while the CLI reads a sheet or pg_dump a
    snapshot: with idle_in_transaction_session_timeout set for the database, an
    import ended in 25P03 and a backup's pg_dump lost its snapshot."""
    monkeypatch.setenv("DATABASE_URL", fresh_db)
    for name in ("PGCLIENTENCODING", "PGOPTIONS"):
        monkeypatch.setenv(name, "")
    monkeypatch.setenv("STOCKDB_BACKUP_DIR", str(tmp_path / "backups"))
    monkeypatch.chdir(tmp_path)
    book = xlsxwriter.Workbook(str(tmp_path / "products.xlsx"))
    sheet = book.add_worksheet("products")
    sheet.write_row(0, 0, ["SKU", "Name", "Unit"])
    for row in range(1, 501):
        sheet.write_row(row, 0, [f"T-{row}", f"Timed {row}", "ea"])
    book.close()
    with psycopg.connect(fresh_db, autocommit=True) as c:
        for name in ("statement_timeout", "idle_in_transaction_session_timeout",
                     "idle_session_timeout"):
            c.execute(sql.SQL("ALTER DATABASE {} SET {} = '1ms'").format(
                sql.Identifier(c.info.dbname), sql.Identifier(name)))
    code, out, err = run(["import", "run", "products", "products.xlsx"], monkeypatch, capsys)
    assert (code, err) == (0, ""), err
    assert "500 inserted" in out
    code, out, err = run(["backup", "create", "--json"], monkeypatch, capsys)
    assert code == 0, err
    code, out, err = run(["backup", "verify", json.loads(out)["id"]], monkeypatch, capsys)
    assert code == 0, err
    for argv in (["maintenance", "run", "check-integrity"], ["report", "show", "products"]):
        assert run(argv, monkeypatch, capsys)[0] == 0, argv


def test_a_database_url_giving_options_keeps_them_before_the_clis(fresh_db, monkeypatch, capsys):
    """libpq reads PGOPTIONS only when the conninfo gives no options."""
    monkeypatch.setenv("DATABASE_URL", f"{fresh_db} options='-c DateStyle=German"
                                       " -c statement_timeout=54321'")
    for name in ("PGCLIENTENCODING", "PGOPTIONS"):
        monkeypatch.setenv(name, "")
    assert conninfo_to_dict(database_url())["options"] == (
        f"-c DateStyle=German -c statement_timeout=54321 {SESSION_OPTIONS}")
    code, out, err = run(["tenant", "list", "--json"], monkeypatch, capsys)
    assert (code, err) == (0, "")
    assert json.loads(out)[0]["created_at"].startswith("20")


@pytest.mark.parametrize(("argv", "code", "err", "clear"), [
    (["report", "show"], 2, "Usage: stockdb report show\nError: Missing argument 'NAME'.\n",
     True),
    (["x"], 1, "stockdb: no such thing [22023]\n  DETAIL: x => 1.\n  HINT: Do y.\n", True),
    (["x"], 1, "Traceback (most recent call last):\n  File ...\n", False),
    (["x"], 1, "", False),
    (["x"], 1, "stockdb: no\nsecond line\n", False),
    (["x"], 1, "stockdb: no such thing\n\n", False),
    (["x"], 1, 'stockdb: invalid input syntax for type uuid: "a" [22P02]\n', False),
    (["x"], 1, "stockdb: no such thing [22023]\n  HINT: Do y.\n", False),
    (["x", "--json"], 1, '{"error": "no"}\n', True),
    (["x", "--json"], 1, '{"error": "no", "sqlstate": "22P02"}\n', False),
    (["x", "--json"], 1, '{"error": "no", "sqlstate": "SD404", "detail": "d", "hint": "h"}\n',
     True),
    (["x", "--json"], 1, "stockdb: no\n", False),
])
def test_an_unclear_failure_is_told_from_an_expected_one(argv, code, err, clear):
    assert expected_failure(argv, code, "", err) is clear
