#!/usr/bin/env bash
# Installs the Debian 12 packages scrutineer needs to build, test and benchmark.
# Idempotent: does nothing when every package is present. As root it installs
# what is missing non-interactively; otherwise it prints the exact command and
# stops with a non-zero status.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libsodium-dev libgmp-dev libboost-dev libdecaf-dev
  catch2 libbenchmark-dev nlohmann-json3-dev libcli11-dev valgrind
)
# `--fuzz` (make fuzz): clang and its libFuzzer runtime as well.
if [ "${1:-}" = "--fuzz" ]; then
  PACKAGES+=(clang libclang-rt-14-dev)
fi
# `--coverage` (make coverage): gcovr, which reads GCC's coverage data.
if [ "${1:-}" = "--coverage" ]; then
  PACKAGES+=(gcovr)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "scrutineer: missing Debian packages: ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "scrutineer: not root; run this, then try again:"
  echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${missing[*]}"
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "scrutineer: installed ${missing[*]}"
