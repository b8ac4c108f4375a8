#!/usr/bin/env bash
# The browser tests drive Debian's Chromium. Install it when missing and we may;
# otherwise stop with the exact command to run.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Chromium absent : installation du paquet Debian « chromium »…" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "Chromium est nécessaire aux tests du site. Installez-le puis relancez « npm test » :" >&2
echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2
exit 1
