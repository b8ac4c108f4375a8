#!/usr/bin/env bash
# The browser tests drive Debian's Chromium, preferably its headless shell (the
# package « chromium-headless-shell »: the same pages for half the processor
# time of the full browser, loaders/site/chromium.ts). Install it when missing
# and we may; with only the full browser and no right to install, go on with it;
# with neither, stop with the exact command to run.
set -euo pipefail
if [ -n "${CHROMIUM_PATH:-}" ]; then
  [ -x "$CHROMIUM_PATH" ] && exit 0
  echo "CHROMIUM_PATH ne désigne pas un programme exécutable : $CHROMIUM_PATH" >&2
  exit 1
fi
[ -x /usr/bin/chromium-headless-shell ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installation du paquet Debian « chromium-headless-shell » (le navigateur des tests)…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell >/dev/null
  exit 0
fi
[ -x /usr/bin/chromium ] && exit 0
echo "Chromium est nécessaire aux tests du site. Installez-le puis relancez « npm test » :" >&2
echo "  sudo apt-get update && sudo apt-get install -y chromium-headless-shell" >&2
exit 1
