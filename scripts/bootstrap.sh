#!/usr/bin/env bash
# Installs what stockdb needs, only what is missing, without asking anything:
# PostgreSQL 15 with its extensions from the OS packages, then a .venv with the
# package in editable mode. A second run finds everything in place and returns
# in well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."

# Two targets started at once (make demo and make test on a fresh clone)
# both made .venv and ran pip into it, and one failed ("No module named
# pip"): they take turns here, and the second finds everything in place.
if command -v flock >/dev/null; then
  mkdir -p .stockdb
  exec 9>.stockdb/bootstrap.lock
  flock 9
fi

PG_MAJOR=15
PACKAGES=(
  "postgresql-${PG_MAJOR}"
  "postgresql-${PG_MAJOR}-cron"
  "postgresql-${PG_MAJOR}-partman"
  "postgresql-${PG_MAJOR}-pgtap"
  "postgresql-${PG_MAJOR}-plpgsql-check"
)

# sudo resets the environment: DEBIAN_FRONTEND goes on its command line, or
# debconf falls back to asking on the terminal. A sudoers that grants apt-get
# alone may refuse to set a variable; then it goes without, as before.
sudo_env=()
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n ${sudo_env[@]+"${sudo_env[@]}"} "$@"; fi
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
  missing+=(python3-venv)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "bootstrap: missing ${missing[*]} and no apt-get here; install them by hand" >&2
    exit 1
  fi
  # Never a password prompt: without root or sudo that asks for none, say
  # what to run instead ("sudo: a password is required" said only why not).
  if [ "$(id -u)" -ne 0 ] && ! sudo -n -l apt-get >/dev/null 2>&1; then
    echo "bootstrap: ${missing[*]} must be installed, which needs root, and sudo here asks" \
      "for a password or is missing: run sudo apt-get install ${missing[*]}, then this again" >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ] &&
    sudo -n DEBIAN_FRONTEND=noninteractive apt-get --version >/dev/null 2>&1; then
    sudo_env=(DEBIAN_FRONTEND=noninteractive)
  fi
  echo "bootstrap: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q
  # Ubuntu ships another PostgreSQL major: take 15 from the PostgreSQL apt
  # repository, set up by the script postgresql-common provides for that.
  if ! apt-cache show "postgresql-${PG_MAJOR}" >/dev/null 2>&1; then
    as_root apt-get install -y -q postgresql-common
    as_root /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y
  fi
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "bootstrap: stockdb needs Python >= 3.11 ($PYTHON is $("$PYTHON" -V 2>&1))" >&2
  exit 1
fi

stamp=.venv/.stockdb-installed
if [ ! -x .venv/bin/python ]; then
  echo "bootstrap: creating .venv"
  "$PYTHON" -m venv .venv
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "bootstrap: installing the stockdb package into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e '.[dev]'
  touch "$stamp"
fi
