# Sourced by scripts/serve and scripts/test (not run on its own): makes the project's virtual environment,
# .venv, and installs the package into it. Nothing goes into the system's Python, which Debian 12 and
# Ubuntu 23.04 and later refuse to change (PEP 668, "externally-managed-environment"), and nobody has to
# activate anything. Running it again reuses .venv and reinstalls only when pyproject.toml has changed.
#
# PYTHON=/path/to/python3 chooses the Python that makes .venv; otherwise the first of python3, python3.13,
# python3.12 and python3.11 that is 3.11 or newer. An existing .venv is kept: delete it to change Python.

projecth_fail() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

projecth_new_enough() {
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

projecth_find_python() {
  if [ -n "${PYTHON:-}" ]; then
    command -v "$PYTHON" >/dev/null 2>&1 || projecth_fail "PYTHON=$PYTHON is not a program this shell can run."
    projecth_new_enough "$PYTHON" ||
      projecth_fail "PYTHON=$PYTHON is $("$PYTHON" --version 2>&1); Project H needs Python 3.11 or newer."
    echo "$PYTHON"
    return
  fi
  local candidate
  for candidate in python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null 2>&1 && projecth_new_enough "$candidate"; then
      echo "$candidate"
      return
    fi
  done
  if command -v python3 >/dev/null 2>&1; then
    projecth_fail "python3 is $(python3 --version 2>&1); Project H needs Python 3.11 or newer. Install it" \
      "(from python.org, Homebrew or your system's packages), or name it: PYTHON=/path/to/python3.12 bash $0"
  fi
  projecth_fail "Python 3.11 or newer is needed and none was found: install it (from python.org, Homebrew or" \
    "your system's packages) and run this again."
}

# Debian and Ubuntu ship the venv module (with pip for new environments) in a package of its own.
projecth_make_venv() {
  local python="$1"
  rm -rf .venv
  if "$python" -m venv .venv >/dev/null 2>&1 && [ -x .venv/bin/python ] && .venv/bin/python -m pip --version >/dev/null 2>&1; then
    return
  fi
  rm -rf .venv
  local version package
  version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
  package="python${version}-venv"
  case "$(command -v "$python")" in
    /usr/bin/*) ;;
    *) projecth_fail "$python could not make a virtual environment (python -m venv .venv failed): repair or" \
         "reinstall that Python, or choose another with PYTHON=/path/to/python3 bash $0" ;;
  esac
  if ! command -v apt-get >/dev/null 2>&1; then
    projecth_fail "$python could not make a virtual environment (python -m venv .venv failed): install your" \
      "system's venv package for Python $version, or choose another Python with PYTHON=/path/to/python3 bash $0"
  fi
  if [ "$(id -u)" -eq 0 ]; then
    echo "$(basename "$0"): installing Debian's $package (Python's venv module), once" >&2
    apt-get update -qq && apt-get install -y -qq "$package" >/dev/null
  else
    projecth_fail "Python's venv module is missing. Install it, then run this again:" \
      "sudo apt-get install $package"
  fi
  "$python" -m venv .venv || projecth_fail "python -m venv .venv still fails after installing $package."
}

# projecth_venv [EXTRA]: .venv with the package installed in editable mode (with the `test` extra when asked).
projecth_venv() {
  local extra="${1:-}" python target stamp wanted site_packages
  if ! { [ -x .venv/bin/python ] && projecth_new_enough .venv/bin/python && .venv/bin/python -m pip --version >/dev/null 2>&1; }; then
    python="$(projecth_find_python)"
    echo "$(basename "$0"): making the virtual environment .venv with $("$python" --version 2>&1)" >&2
    projecth_make_venv "$python"
  fi
  target="."
  [ -n "$extra" ] && target=".[$extra]"
  stamp=".venv/projecth-installed${extra:+-$extra}"
  wanted="$(cksum < pyproject.toml)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    echo "$(basename "$0"): installing Project H${extra:+ and its $extra tools} into .venv" >&2
    .venv/bin/python -m pip install -q -e "$target" || projecth_fail "pip could not install $target into .venv (see above)."
    echo "$wanted" > "$stamp"
  fi
  # Material prints an end-of-life banner from every `mkdocs` command (the README's "Strategic" note says what
  # the project does about it). It prints before MkDocs loads any plugin, so only its documented switch, set
  # before it is imported, silences it: this file sets the switch for every program run from .venv.
  site_packages="$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
  echo 'import os; os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")' > "$site_packages/projecth-quiet-material.pth"
}
