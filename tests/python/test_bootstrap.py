"""scripts/bootstrap.sh, which `make demo` and `make test` run first."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import time

import pytest

from stockdb import PROJECT_ROOT


def test_two_bootstraps_take_turns(tmp_path):
    """make demo and make test started at once on a fresh clone both made .venv and ran
    pip into it, and one failed ('No module named pip'). A bootstrap now waits for the
    one running; here the other is a lock this test holds, on a copy of the checkout
    whose .venv is in place, so the bootstrap itself has nothing to install."""
    (tmp_path / "scripts").mkdir()
    shutil.copy2(PROJECT_ROOT / "scripts" / "bootstrap.sh", tmp_path / "scripts")
    shutil.copy2(PROJECT_ROOT / "pyproject.toml", tmp_path)  # as old as it is: not newer
    os.symlink(PROJECT_ROOT / ".venv", tmp_path / ".venv")
    (tmp_path / ".stockdb").mkdir()
    with open(tmp_path / ".stockdb" / "bootstrap.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        run = subprocess.Popen([shutil.which("bash"), str(tmp_path / "scripts" / "bootstrap.sh")],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(2)
        assert run.poll() is None, "it waits while another bootstrap runs"
    out, err = run.communicate(timeout=60)
    assert run.returncode == 0, out + err
    assert "installing" not in out + err, "everything was in place"


@pytest.mark.parametrize("sudo", ["passwordless", "apt-get alone", "with a password"])
def test_packages_installed_through_sudo_are_installed_without_questions(tmp_path, sudo):
    """As a user with sudo, the bootstrap's apt-get ran without DEBIAN_FRONTEND:
    sudo resets the environment, and debconf fell back from noninteractive to
    asking on the terminal ("unable to initialize frontend: Dialog"). Where sudo
    asks for a password, it said only "sudo: a password is required"; now it
    says what to run. A sudoers granting apt-get alone may refuse to set the
    variable: then apt-get runs without it, as before. Here `id` says a user,
    dpkg-query misses pgTAP and `sudo` records what it runs."""
    (tmp_path / "scripts").mkdir()
    shutil.copy2(PROJECT_ROOT / "scripts" / "bootstrap.sh", tmp_path / "scripts")
    shutil.copy2(PROJECT_ROOT / "pyproject.toml", tmp_path)
    os.symlink(PROJECT_ROOT / ".venv", tmp_path / ".venv")
    fake = tmp_path / "bin"
    fake.mkdir()
    log = tmp_path / "sudo.log"
    log.write_text("")
    # sudo -n -l apt-get: may apt-get run without a password? And may a
    # variable be set on sudo's command line?
    asks = "echo 'sudo: a password is required' >&2; exit 1"
    setenv = "echo 'sudo: sorry, you are not allowed to set DEBIAN_FRONTEND' >&2; exit 1"
    listed = asks if sudo == "with a password" else "exit 0"
    env_refused = setenv if sudo == "apt-get alone" else ":"
    scripts = {
        "id": '[ "$1" = -u ] && echo 1000 || exec /usr/bin/id "$@"',
        "dpkg-query": 'case "$*" in *pgtap*) exit 1;; esac; echo "install ok installed"',
        "apt-cache": "exit 0",
        "sudo": f'[ "$2" = -l ] && {{ {listed}; }}\n'
                f'case "$2" in DEBIAN_FRONTEND=*) {env_refused};; esac\n'
                f'case "$*" in *--version) exit 0;; esac\n'
                f'echo "$*" >> {log}',
    }
    for name, body in scripts.items():
        (fake / name).write_text(f"#!/bin/sh\n{body}\n")
        (fake / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{fake}:{os.environ['PATH']}"}
    run = subprocess.run([shutil.which("bash"), str(tmp_path / "scripts" / "bootstrap.sh")],
                         capture_output=True, text=True, env=env, timeout=60, check=False)
    if sudo == "with a password":
        assert (run.returncode, run.stderr) == (1, (
            "bootstrap: postgresql-15-pgtap must be installed, which needs root, and sudo here "
            "asks for a password or is missing: run sudo apt-get install postgresql-15-pgtap, "
            "then this again\n"))
        assert log.read_text() == ""
        return
    assert run.returncode == 0, run.stdout + run.stderr
    env = "DEBIAN_FRONTEND=noninteractive " if sudo == "passwordless" else ""
    assert log.read_text().splitlines() == [
        f"-n {env}apt-get update -q",
        f"-n {env}apt-get install -y -q --no-install-recommends postgresql-15-pgtap",
    ]
