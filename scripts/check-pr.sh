#!/usr/bin/env bash
# The pull-request checks of .github/workflows/policy-check.yml, locally:
#   npm run check:pr            (compares the working tree with main)
#   BASE=origin/main npm run check:pr
#   CHECKER=../main/bin/leadrules.js npm run check:pr
# In CI the gate checks (validate, test, owners, diff) run with the base
# commit's checker, never the pull request's; CHECKER does the same here
# (a built bin/leadrules.js of another checkout). The drift checks always use
# this checkout's own generator, as the workflow's drift job does.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${BASE:-main}"
checker="${CHECKER:-bin/leadrules.js}"
gate() { node "$checker" "$@"; }
gate validate
gate test --coverage --min-coverage 100
gate owners --check
gate diff --base "$base" --check --format text
node bin/leadrules.js compile --check
node bin/leadrules.js docs --check
