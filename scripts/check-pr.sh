#!/usr/bin/env bash
# The pull-request checks of .github/workflows/policy-check.yml, locally:
#   npm run check:pr            (compares the working tree with main)
#   BASE=origin/main npm run check:pr
#   CHECKER=../main/bin/leadrules.js npm run check:pr
#   npm run check:pr -- --leads exports/leads.csv    (or LEADRULES_LEADS=exports/leads.csv)
# In CI the gate checks (validate, test, owners, diff) run with the base
# commit's checker, never the pull request's; CHECKER does the same here
# (a built bin/leadrules.js of another checkout). The drift checks always use
# this checkout's own generator, as the workflow's drift job does.
# --leads (or LEADRULES_LEADS) is the leads file the impact report simulates,
# instead of <policies>/samples/leads.csv: your own leads, in the dictionary's
# field names (`leadrules sample` writes such a file for any dictionary).
set -euo pipefail
leads="${LEADRULES_LEADS:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --leads) [ $# -ge 2 ] || { echo "check:pr: --leads needs a file" >&2; exit 2; }; leads="$2"; shift 2 ;;
    --leads=*) leads="${1#--leads=}"; shift ;;
    *) echo "check:pr: unknown option $1 (only --leads FILE)" >&2; exit 2 ;;
  esac
done
# A relative path is the caller's: npm runs scripts from the package root, INIT_CWD is where it was typed.
if [ -n "$leads" ] && [ "${leads#/}" = "$leads" ]; then leads="${INIT_CWD:-$PWD}/$leads"; fi
cd "$(dirname "$0")/.."
base="${BASE:-main}"
checker="${CHECKER:-bin/leadrules.js}"
leads_option=()
if [ -n "$leads" ]; then leads_option=(--leads "$leads"); fi
gate() { node "$checker" "$@"; }
gate validate
gate test --coverage --min-coverage 100
gate owners --check
gate diff --base "$base" --check --format text ${leads_option[@]+"${leads_option[@]}"}
node bin/leadrules.js compile --check
node bin/leadrules.js docs --check
