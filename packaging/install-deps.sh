#!/usr/bin/env bash
# Installs every Debian 12 package PixArt Studio needs to build, test and run (as root or via sudo).
#   --reliability  also clang-14 with libFuzzer and the sanitizer runtimes, for tests/fuzz/ and
#                  tests/sanitizers/ (docs/RELIABILITY.md)
#   --cluster      also SLURM (slurm-wlm, munge) and python3-yaml, for the cluster tests
#                  (tests/cluster: a single-node SLURM runs a batch as a job array; no daemon is
#                  started or enabled by installing them)
set -euo pipefail
reliability=0
cluster=0
for arg in "$@"; do
  case "$arg" in
    --reliability) reliability=1 ;;
    --cluster) cluster=1 ;;
    *) echo "packaging/install-deps.sh: unknown option $arg (known: --reliability, --cluster)" >&2; exit 2 ;;
  esac
done
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo > /dev/null; then
    echo "packaging/install-deps.sh: installing packages needs root: run it as root" \
         "(su -c packaging/install-deps.sh) or install sudo" >&2
    exit 1
  fi
  exec sudo "$0" "$@"
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
# libopenblas0-openmp: without it libtorch runs on the reference BLAS, ~35x slower (TOOLCHAIN.md).
apt-get install -y --no-install-recommends \
  build-essential cmake ccache pkg-config \
  libtorch-dev libopenblas0-openmp \
  libsentencepiece-dev sentencepiece libicu-dev nlohmann-json3-dev \
  libopenimageio-dev openimageio-tools liblcms2-dev nettle-dev zlib1g-dev icc-profiles-free libtiff-tools \
  libsqlite3-dev libgtest-dev \
  qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite qt6-image-formats-plugins libgl1-mesa-dev \
  xvfb xauth imagemagick lintian
if [ "$reliability" -eq 1 ]; then
  apt-get install -y --no-install-recommends clang-14 libclang-rt-14-dev
fi
if [ "$cluster" -eq 1 ]; then
  # The tests run their own SLURM in a folder; the packages' services must not start here (a
  # slurmctld without a configuration fails, and a running one would take the test's place).
  added_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    added_policy=1
  fi
  apt-get install -y --no-install-recommends slurm-wlm munge procps python3 python3-yaml
  if [ "$added_policy" -eq 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
