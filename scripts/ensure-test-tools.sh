#!/usr/bin/env bash
# Make sure the tools the browser tests (tests/e2e) need are present:
#   - Debian's Chromium (never a downloaded browser), at $CHROMIUM_PATH or /usr/bin/chromium;
#   - axe-core and vnu-jar (the Nu Html Checker) from the npm registry, pinned in package-lock.json, in
#     node_modules/ — installed without their install scripts: vnu-jar's would download a Java runtime;
#   - Java (Debian's default-jre-headless), which runs vnu.jar (tests/test_valid_html.py).
# Installs them where it can (as root or with password-less sudo). Where it cannot, it says so and
# the browser tests skip on a developer machine; with CI=true they fail instead.
set -uo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium chromium-driver)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=(); elif sudo -n true 2>/dev/null; then sudo=(sudo -n); else sudo=(none); fi
  if [ "${sudo[0]:-}" = none ]; then
    echo "ensure-test-tools: cannot install ${missing[*]} without root; the browser tests and the HTML check will skip" >&2
  else
    echo "ensure-test-tools: installing ${missing[*]} from Debian's packages"
    "${sudo[@]}" apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null ||
      echo "ensure-test-tools: apt-get install ${missing[*]} failed" >&2
  fi
fi

axe=node_modules/axe-core/axe.min.js
vnu=node_modules/vnu-jar/build/dist/vnu.jar
if command -v npm >/dev/null 2>&1 && { [ ! -f "$axe" ] || [ ! -f "$vnu" ] || [ package-lock.json -nt "$axe" ]; }; then
  npm ci --ignore-scripts --no-audit --no-fund --silent || echo "ensure-test-tools: npm ci failed" >&2
  [ -f "$axe" ] && touch "$axe"
fi
exit 0
