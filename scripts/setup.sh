#!/usr/bin/env bash
# Installs what building newsgraph needs on a Debian/Ubuntu machine, and with --test what its
# tests need too. Safe to run again: it installs only what is missing.
#
#   bash scripts/setup.sh          libclang (RocksDB's bindgen loads it)
#   bash scripts/setup.sh --test   also Oxigraph's server (PyPI 'oxigraph'), for the --endpoint tests
#   bash scripts/setup.sh --check  exit 0 if libclang is there, 1 if not; installs nothing
set -euo pipefail

# The libraries bindgen (clang-sys) loads: libclang.so, libclang-N.so, and their versioned names.
# libclang-cpp.so.N, which some images ship alone, is the C++ interface: clang-sys skips it, so
# it must not count. LIBCLANG_PATH, when set, is where clang-sys looks first. SETUP_LIB_DIRS
# replaces the system folders searched (scripts/test-setup.sh uses it).
have_libclang() {
  local dirs
  # shellcheck disable=SC2206 # the folders are globs, split on spaces
  dirs=(${SETUP_LIB_DIRS:-/usr/lib/llvm-*/lib /usr/lib/*-linux-gnu /usr/lib64 /usr/lib /usr/local/lib})
  [ -n "${LIBCLANG_PATH:-}" ] && dirs=("$LIBCLANG_PATH" "${dirs[@]}")
  local d f
  for d in "${dirs[@]}"; do
    for f in "$d"/libclang.so "$d"/libclang.so.* "$d"/libclang-[0-9]*.so "$d"/libclang-[0-9]*.so.*; do
      [ -e "$f" ] && return 0
    done
  done
  return 1
}

# apt-get as root, or through sudo; the package lists are refreshed only if the install fails.
apt_install() {
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get install -y --no-install-recommends "$@" ||
    { "${sudo[@]}" apt-get update && "${sudo[@]}" apt-get install -y --no-install-recommends "$@"; }
}

case "${1:-}" in
  --check)
    have_libclang
    exit
    ;;
  "" | --test) ;;
  *)
    echo "usage: bash scripts/setup.sh [--test|--check]" >&2
    exit 2
    ;;
esac

if ! have_libclang; then
  echo "setup: installing libclang-dev (RocksDB's bindgen needs libclang.so)" >&2
  apt_install libclang-dev
  if ! have_libclang; then
    echo "setup: libclang-dev is installed but no libclang.so was found; set LIBCLANG_PATH" >&2
    exit 1
  fi
fi

if [ "${1:-}" = --test ]; then
  # PyPI's 'oxigraph' is Oxigraph's server command (the Python binding is 'pyoxigraph').
  scripts=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
  if ! PATH="$PATH:$scripts" oxigraph --version >/dev/null 2>&1; then
    echo "setup: installing Oxigraph's server from PyPI (the --endpoint tests start it)" >&2
    python3 -m pip install --quiet --disable-pip-version-check 'oxigraph>=0.5,<0.6'
  fi
fi
