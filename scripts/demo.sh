#!/usr/bin/env bash
# Set-up, Release build, then the default scenario (Epstein 2002, Run 2).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
./build/panopticon run scenarios/epstein-2002/run2.toml --out output/run2
