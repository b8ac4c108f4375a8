#!/usr/bin/env bash
# What `npm test` checks before the tests, at once: Chromium for the browser
# tests (scripts/ensure-chromium.sh, mostly a download when it installs), the
# types, the lint and the formatting (one core each, about 10 s apiece on two
# cores). Each one's output is printed whole, in this order, once all have
# ended; the status is a failure when any of them failed.
set -uo pipefail
cd "$(dirname "$0")/.."
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
names=(chromium typecheck lint format)
commands=(
  "bash scripts/ensure-chromium.sh"
  "npm run -s typecheck"
  "npm run -s lint"
  "npm run -s format:check"
)
pids=()
for i in "${!names[@]}"; do
  bash -c "${commands[$i]}" >"$out/${names[$i]}" 2>&1 &
  pids+=($!)
done
status=0
for i in "${!names[@]}"; do
  wait "${pids[$i]}"
  failed=$?
  cat "$out/${names[$i]}"
  if [ "$failed" != 0 ]; then
    status=1
    echo "échec : ${commands[$i]}" >&2
  fi
done
exit "$status"
