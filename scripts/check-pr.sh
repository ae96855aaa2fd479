#!/usr/bin/env bash
# The pull-request checks of .github/workflows/policy-check.yml, locally:
#   npm run check:pr            (compares the working tree with main)
#   BASE=origin/main npm run check:pr
set -euo pipefail
cd "$(dirname "$0")/.."
base="${BASE:-main}"
cli="node bin/leadrules.js"
$cli validate
$cli test --coverage --min-coverage 100
$cli compile --check
$cli docs --check
$cli owners --check
$cli diff --base "$base" --check --format text
