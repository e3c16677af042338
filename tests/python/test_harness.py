"""The harness itself: a failing pgTAP assertion must fail pytest, visibly."""

from __future__ import annotations

import shutil

import pytest

from stockdb import PROJECT_ROOT


def test_failing_pgtap_assertion_fails_pytest_with_its_output(pytester):
    shutil.copy(PROJECT_ROOT / "tests" / "conftest.py", pytester.path / "conftest.py")
    pytester.makefile(
        ".sql",
        test_wrong="""
            BEGIN;
            SELECT plan(2);
            SELECT ok(true, 'a passing assertion');
            SELECT is(1 + 1, 3, 'arithmetic the harness must reject');
            SELECT * FROM finish();
            ROLLBACK;
        """,
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    assert result.ret == pytest.ExitCode.TESTS_FAILED
    result.stdout.fnmatch_lines([
        "*arithmetic the harness must reject*", "*have: 2*", "*want: 3*",
        "FAILED test_wrong.sql::test_wrong.sql*",
    ])


def test_each_pgtap_file_gets_a_database_of_its_own(pgtap_connection, fresh_db):
    name = pgtap_connection.execute("SELECT current_database()").fetchone()[0]
    assert name.startswith("stockdb_test_") and name in fresh_db
    assert pgtap_connection.execute("SELECT count(*) FROM auth.tenant").fetchone()[0] == 1
