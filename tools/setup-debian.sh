#!/usr/bin/env bash
# Installs the Debian 12 packages attrex needs to build, test and benchmark.
# Idempotent: runs apt-get (update once, then install) only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libicu-dev libre2-dev libutf8proc-dev
  libboost-program-options-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-dev
  libsimdjson-dev nlohmann-json3-dev libjemalloc-dev
  python3 python3-dev pybind11-dev python3-pytest
  python3-pandas python3-dask python3-distributed python3-ahocorasick time
  wamerican wfrench wngerman wdutch witalian wspanish wpolish
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
  else
    echo "setup-debian: need root (or sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi
echo "setup-debian: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
