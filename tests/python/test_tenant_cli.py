"""`stockdb tenant`: the operator adds a company, lists, suspends and reactivates it.

Before it a tenant took an INSERT into auth.tenant by hand, and no user
could be made for it but as system work in SQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import psycopg
import pytest
from helpers import STOCKDB, run_cli

from stockdb import PROJECT_ROOT


def test_create_then_work_in_the_new_tenant(fresh_db):
    env = {"DATABASE_URL": fresh_db}
    made = run_cli("tenant", "create", "acme", "Acme Ltd", "--admin-email", "boss@acme.example",
                   "--json", env=env)
    assert made.returncode == 0, made.stderr
    acme = json.loads(made.stdout)
    assert (acme["code"], acme["admin_email"]) == ("acme", "boss@acme.example")
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s, %s)", [acme["tenant_id"], acme["admin_user_id"]])
        conn.execute("SELECT api.create_warehouse('W', 'Main')")
        assert conn.execute("SELECT code FROM report.warehouses").fetchall() == [("W",)]

    listed = run_cli("tenant", "list", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    rows = {r["code"]: r for r in json.loads(listed.stdout)}
    assert set(rows) == {"default", "acme"}
    assert (rows["acme"]["active"], rows["acme"]["active_admins"]) == (True, 1)
    human = run_cli("tenant", "list", env=env).stdout
    assert "acme" in human and "Acme Ltd" in human


def test_deactivate_stops_the_tenants_calls_until_it_is_activated(fresh_db):
    env = {"DATABASE_URL": fresh_db}
    acme = json.loads(run_cli("tenant", "create", "acme", "Acme", "--json", env=env).stdout)
    off = run_cli("tenant", "deactivate", "acme", env=env)
    assert (off.returncode, off.stdout.strip()) == (0, "tenant acme is inactive"), off.stderr
    with psycopg.connect(fresh_db) as conn:
        try:
            conn.execute("SELECT api.set_context(%s)", [acme["tenant_id"]])
            raise AssertionError("an inactive tenant's context was set")
        except psycopg.Error as e:
            assert e.sqlstate == "42501"
    assert run_cli("tenant", "activate", "acme", env=env).returncode == 0
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s)", [acme["tenant_id"]])


def test_bad_input_is_one_line_and_changes_nothing(fresh_db):
    env = {"DATABASE_URL": fresh_db}
    assert run_cli("tenant", "create", "acme", "Acme", env=env).returncode == 0
    for args, message in [
        (("create", "acme", "Again"), "stockdb: a tenant with code acme exists [23505]"),
        (("create", "Bad Code", "X"), "stockdb: code is missing or malformed [22023]"),
        (("create", "ok", "X", "--admin-email", "nope"),
         "stockdb: admin_email is not an email address [22023]"),
        (("deactivate", "nobody"), "stockdb: tenant nobody not found [SD404]"),
    ]:
        result = run_cli("tenant", *args, env=env)
        assert result.returncode == 1, args
        assert result.stderr.splitlines()[0] == message
        assert "Traceback" not in result.stderr
    with psycopg.connect(fresh_db) as conn:
        codes = conn.execute("SELECT code FROM auth.tenant ORDER BY code").fetchall()
    assert codes == [("acme",), ("default",)]


def cli_with_input(env: dict, text: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*STOCKDB, *args], input=text, capture_output=True, text=True,
                          env={**os.environ, **env}, cwd=PROJECT_ROOT, timeout=120, check=False)


def test_a_user_named_by_an_email_in_another_unicode_form_is_found(fresh_db):
    """An email pasted as 'Rene' + U+0301 names the user stored as 'René' (NFC, as
    0067 stores emails and api.authenticate reads one): set-password said there
    was no such user."""
    env = {"DATABASE_URL": fresh_db}
    done = run_cli("tenant", "create", "acme", "Acme", "--admin-email", "ren\u00e9@acme.example",
                   env=env)
    assert done.returncode == 0, done.stderr
    done = cli_with_input(env, "correct horse battery staple\n", "user", "set-password",
                          "Rene\u0301@acme.example", "--tenant", "acme", "--password-stdin")
    assert done.returncode == 0, done.stderr


def test_the_new_admin_gets_a_password_and_logs_in(fresh_db):
    """A new tenant's admin has no password; before `stockdb user set-password` it took
    api.set_password in psql, as system work in that tenant."""
    env = {"DATABASE_URL": fresh_db}
    acme = json.loads(run_cli("tenant", "create", "acme", "Acme", "--admin-email",
                              "boss@acme.example", "--json", env=env).stdout)
    listed = json.loads(run_cli("user", "list", "--tenant", "acme", "--json", env=env).stdout)
    assert [(u["email"], u["role"], u["user_id"]) for u in listed] == [
        ("boss@acme.example", "admin", acme["admin_user_id"])
    ]
    done = cli_with_input(env, "correct horse battery staple\n",
                          "user", "set-password", "BOSS@acme.example", "--tenant", "acme",
                          "--password-stdin")
    assert (done.returncode, done.stdout.strip()) == (0, "password set for BOSS@acme.example")
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT api.set_context(%s)", [acme["tenant_id"]])
        who = conn.execute("SELECT api.authenticate('boss@acme.example', "
                           "'correct horse battery staple')").fetchone()[0]
    assert str(who) == acme["admin_user_id"]

    for text, args, message in [
        ("short\n", ("admin@localhost",),
         "stockdb: password must be at least 12 characters [22023]"),
        ("x" * 20 + "\n", ("nobody@acme.example", "--tenant", "acme"),
         "stockdb: no user nobody@acme.example in tenant acme: see stockdb user list"),
        ("x" * 20 + "\n", ("admin@localhost", "--tenant", "nope"),
         "stockdb: no tenant 'nope': see stockdb tenant list"),
    ]:
        failed = cli_with_input(env, text, "user", "set-password", *args, "--password-stdin")
        assert failed.returncode == 1
        assert failed.stderr.splitlines()[0] == message
    no_terminal = run_cli("user", "set-password", "admin@localhost", env=env)
    assert no_terminal.returncode == 1
    assert no_terminal.stderr.strip() == (
        "stockdb: no terminal to ask for the password on: pass it with --password-stdin")


def test_a_tenants_name_with_control_characters_reaches_the_terminal_as_escapes(fresh_db):
    """A tenant's name takes any character, so it could hold an escape sequence, which
    `tenant list` would write to the operator's terminal as it was, and `tenant create`
    did in the line it prints. (A user's email in `user list` showed it first; since
    migration 0056 an email holds no control character.)"""
    with psycopg.connect(fresh_db) as conn:
        conn.execute("SELECT ops.create_tenant('esc', %s)", ["Acme\x1b]0;owned\x07 Ltd"])
    listed = run_cli("tenant", "list", env={"DATABASE_URL": fresh_db})
    assert listed.returncode == 0, listed.stderr
    assert "\x1b" not in listed.stdout and "\x07" not in listed.stdout
    assert "Acme\\x1b]0;owned\\x07 Ltd" in listed.stdout
    made = run_cli("tenant", "create", "esc2", "Acme\x1b]0;owned\x07 Two",
                   env={"DATABASE_URL": fresh_db})
    assert made.returncode == 0, made.stderr
    assert "\x1b" not in made.stdout and "(Acme\\x1b]0;owned\\x07 Two)" in made.stdout


def test_an_error_quoting_control_characters_reaches_the_terminal_as_escapes(fresh_db):
    """An error's message and DETAIL quote what was given: a value holding an escape
    sequence (a terminal title here, which click does not strip as it does colours)
    reached the operator's terminal as it was. Our functions' DETAILs escape it
    themselves since (ops.quoted_excerpt); PostgreSQL's own messages and the CLI's
    do not."""
    env = {"DATABASE_URL": fresh_db}
    bad_uuid = run_cli("report", "show", "products", "--filter", "product_id=a\x1b]0;owned\x07b",
                       env=env)
    assert bad_uuid.returncode == 1
    assert "\x1b" not in bad_uuid.stderr and "\x07" not in bad_uuid.stderr
    assert bad_uuid.stderr.splitlines()[0] == (
        'stockdb: invalid input syntax for type uuid: "a\\x1b]0;owned\\x07b" [22P02]')
    missing = run_cli("report", "show", "stock\x1b]0;owned\x07", env=env)
    assert missing.returncode == 1 and "\x1b" not in missing.stderr
    assert "stock\\x1b]0;owned\\x07" in missing.stderr
    bad_code = run_cli("tenant", "create", "a\x1b]0;owned\x07b", "X", env=env)
    assert "\x1b" not in bad_code.stderr
    assert bad_code.stderr.splitlines()[1] == "  DETAIL: code => E'a\\x1b]0;owned\\x07b'."
    # --json keeps the text as it is, for a script to escape as it needs.
    as_json = run_cli("report", "show", "products", "--filter", "product_id=a\x1bb", "--json",
                      env=env)
    assert json.loads(as_json.stderr)["error"] == 'invalid input syntax for type uuid: "a\x1bb"'


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_ctrl_c_exits_130_and_an_end_of_input_1(monkeypatch, capsys, stop):
    """Ctrl-C while a command ran (here inside tenant list) exited 1 with 'aborted',
    as any error does; a shell reports SIGINT as 130. Ctrl-D at a prompt stays 1."""
    from stockdb import cli, tenants

    def stopped(_url):
        raise stop

    monkeypatch.setattr(tenants, "list_tenants", stopped)
    monkeypatch.setattr(cli, "database_url", lambda: "postgresql:///unused")
    monkeypatch.setattr(cli, "require_schema", lambda _url: None)
    # main() installs its SIGTERM and SIGHUP handlers: not in the test's process.
    monkeypatch.setattr(cli.signal, "signal", lambda *_args: None)
    monkeypatch.setattr(sys, "argv", ["stockdb", "tenant", "list"])
    with pytest.raises(SystemExit) as ended:
        cli.main()
    expected = (130, "interrupted") if stop is KeyboardInterrupt else (1, "aborted")
    assert (ended.value.code, capsys.readouterr().err.strip()) == (
        expected[0], f"stockdb: {expected[1]}")
