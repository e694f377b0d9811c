#!/usr/bin/env bash
# Tests scripts/setup.sh's libclang check on made-up library folders: a folder with only
# libclang-cpp (what the machine image ships) has no libclang for bindgen; libclang.so,
# libclang-N.so and their versioned names do.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

expect() { # expect 0|1 FILE... : --check's exit code with only FILEs in the library folder
  local want=$1 got=0
  shift
  rm -rf "$tmp/lib" && mkdir "$tmp/lib"
  local f
  for f in "$@"; do : >"$tmp/lib/$f"; done
  SETUP_LIB_DIRS="$tmp/lib" LIBCLANG_PATH='' bash setup.sh --check || got=$?
  if [ "$got" = "$want" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: with [$*] setup.sh --check exited $got, expected $want" >&2
  fi
}

expect 1
expect 1 libclang-cpp.so.14
expect 1 libclang-cpp.so libclang-cpp.so.14 libLLVM-14.so.1
expect 0 libclang.so
expect 0 libclang.so.1
expect 0 libclang-14.so.1
expect 0 libclang-cpp.so.14 libclang-14.so
echo "setup check: $passed passed, $failed failed"
[ "$failed" = 0 ]
