#!/usr/bin/env bash
# The time matrix: runs the test suite under Debian's faketime at instants that put New York,
# Shanghai and Hong Kong in each session state (closed, pre, open, lunch, post, weekend, holiday).
#
#   scripts/time-matrix.sh                      # vitest + playwright at every instant
#   scripts/time-matrix.sh --unit us-open cn-lunch   # vitest only, two instants
#   scripts/time-matrix.sh --e2e weekend        # playwright only (builds once first)
#   scripts/time-matrix.sh --list               # the instants and each market's state there
#   VITEST_ARGS='packages apps/bff/src/pulse' PLAYWRIGHT_ARGS='pulse.spec' scripts/time-matrix.sh
#                                               # a part of each suite (arguments as for the runners)
#
# NOTE: faketime runs with a relative offset (`faketime -f +Ns`), not a start-at date: every
# process the suite spawns (BFF children, Chromium) shares one clock that keeps ticking, so the
# first test and the last see the same instant plus the run's duration. Each instant sits at
# least 15 minutes before the next change of the state it is chosen for (CN pre, 09:15-09:30,
# is the shortest window: the unit suite takes ~3 minutes; HK's closing auction, 10 minutes,
# is the one instant whose state can end mid-run).
# NOTE: CLOCK_MONOTONIC is faked too (no FAKETIME_DONT_FAKE_MONOTONIC): Chromium under
# faketime with a real monotonic clock crashes (Trace/breakpoint trap) or hangs (`faketime -m`),
# its threads disagreeing on the time; with both clocks faked it runs, and so does Node.
# Results land in .time-matrix/<instant>-<unit|e2e>.log; a summary line per run on stdout.
set -u
cd "$(dirname "$0")/.."

# name | UTC instant | what it is
INSTANTS=(
  "us-pre|2026-12-02 10:00:00|Wed: US pre-market 05:00 EST; CN/HK closed (evening)"
  "us-open|2026-12-02 16:00:00|Wed: US open 11:00 EST; CN/HK closed (night)"
  "us-open-dst|2026-07-15 14:00:00|Wed: US open 10:00 EDT (summer time); CN/HK closed"
  "us-post|2026-12-02 22:00:00|Wed: US after-hours 17:00 EST; CN/HK closed (early morning)"
  "cn-hk-pre|2026-12-03 01:16:00|Thu: CN opening auction 09:16, HK pre-opening 09:16; US closed (20:16 EST)"
  "cn-hk-open|2026-12-03 02:00:00|Thu: CN and HK open 10:00; US closed (21:00 EST)"
  "cn-lunch-hk-open|2026-12-03 03:35:00|Thu: CN lunch 11:35, HK open 11:35; US closed"
  "cn-hk-lunch|2026-12-03 04:05:00|Thu: CN and HK lunch 12:05; US closed"
  "hk-post|2026-12-03 08:00:30|Thu: HK closing auction 16:00; CN closed (after 15:00); US closed (03:00 EST)"
  "all-closed|2026-12-03 08:15:00|Thu: a weekday with all three closed: US 03:15 EST, CN/HK 16:15"
  "weekend|2026-12-05 15:00:00|Sat: every market closed (US 10:00, CN/HK 23:00)"
  "us-holiday|2026-11-26 15:00:00|Thanksgiving Thu: US closed at 10:00 EST; CN/HK closed (night)"
  "cn-hk-holiday|2026-10-01 02:00:00|National Day Thu: CN and HK closed at 10:00; US closed (22:00 EDT)"
  "hk-holiday-cn-open|2026-12-25 02:00:00|Christmas Fri: HK closed at 10:00, CN open; US closed"
)

mode=all
names=()
for arg in "$@"; do
  case "$arg" in
    --unit) mode=unit ;;
    --e2e) mode=e2e ;;
    --list) mode=list ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) names+=("$arg") ;;
  esac
done

command -v faketime >/dev/null || { echo "time-matrix: faketime is missing (apt-get install faketime)" >&2; exit 2; }
mkdir -p .time-matrix

# Runs "$@" with the clock at UTC instant $1 (a relative offset, so every child shares it).
at() {
  local when="$1"; shift
  local offset=$(( $(date -ud "$when" +%s) - $(date +%s) ))
  local sign=+; [ "$offset" -lt 0 ] && sign=-
  faketime -f "${sign}${offset#-}s" "$@"
}

selected() {
  [ ${#names[@]} -eq 0 ] && return 0
  local n; for n in "${names[@]}"; do [ "$n" = "$1" ] && return 0; done
  return 1
}

# One suite at one instant: prints a summary line, returns its exit code.
run() {
  local name="$1" when="$2" kind="$3" log=".time-matrix/$1-$3.log" start=$SECONDS rc
  if [ "$kind" = unit ]; then
    # shellcheck disable=SC2086 # word splitting of the runner arguments is wanted
    at "$when" npx vitest run ${VITEST_ARGS:-} >"$log" 2>&1; rc=$?
    summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ +Tests ' | tail -1 | sed 's/^ *//')
  else
    # shellcheck disable=SC2086
    at "$when" npx playwright test ${PLAYWRIGHT_ARGS:-} >"$log" 2>&1; rc=$?
    summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ +[0-9]+ (passed|failed|flaky|skipped)' | tr -s ' \n' ' ')
  fi
  printf '%-20s %-5s %s  rc=%s  %ss  %s\n' "$name" "$kind" "$when" "$rc" $((SECONDS - start)) "$summary"
  # What failed, and how (a timeout on a loaded machine reads differently from a wrong value).
  sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -A1 -E '^ FAIL |^ +[0-9]+\) \[chromium\]' | grep -vE '^--$' | sed 's/^/    /' | head -40
  return $rc
}

failed=0
[ "$mode" = e2e ] || [ "$mode" = all ] && { npm run build >.time-matrix/build.log 2>&1 || { echo "time-matrix: build failed (.time-matrix/build.log)" >&2; exit 1; }; }
for entry in "${INSTANTS[@]}"; do
  IFS='|' read -r name when what <<<"$entry"
  selected "$name" || continue
  if [ "$mode" = list ]; then
    printf '%-20s %s\n  %s\n  ' "$name" "$what" "$when UTC"; at "$when" npx tsx tools/market-states.ts
    continue
  fi
  echo "# $name: $what"; echo -n '  '; at "$when" npx tsx tools/market-states.ts
  if [ "$mode" != e2e ]; then run "$name" "$when" unit || failed=$((failed + 1)); fi
  if [ "$mode" != unit ]; then run "$name" "$when" e2e || failed=$((failed + 1)); fi
done
[ "$mode" = list ] && exit 0
echo "time-matrix: $failed failing run(s)"
[ "$failed" -eq 0 ]
