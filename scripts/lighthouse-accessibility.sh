#!/usr/bin/env bash
# Lighthouse's accessibility score, mobile and desktop, of the public pages of a portal running with the demo
# data (`make run`, or `manage.py runserver`), the comment form's error state included. A measurement for a
# person, not part of the test suite (docs/testing.md says why): the browser tests' axe-core run is what fails
# the build. Prints "score form-factor page failing-audits"; exits 1 when a page scores below 100.
#
#   scripts/lighthouse-accessibility.sh [BASE_URL]        default http://127.0.0.1:8000
#
# Lighthouse (npm, pinned below: 13 needs Node 22) is installed on first use into $LIGHTHOUSE_DIR (default
# ~/.cache/cchc-lighthouse), without its install scripts; it drives Debian's Chromium ($CHROMIUM_PATH).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
base="${1:-http://127.0.0.1:8000}"
dir="${LIGHTHOUSE_DIR:-$HOME/.cache/cchc-lighthouse}"
version=12.8.2
export CHROME_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [ ! -x "$dir/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$dir"
  npm install --prefix "$dir" --ignore-scripts --no-audit --no-fund --silent "lighthouse@$version"
fi
cp "$here/lighthouse-comment-form.mjs" "$dir/"

report=/bao-cao/bao-cao-ket-qua-tuyen-truyen-cchc-2019/
pages=(/ /ke-hoach/ /ke-hoach/ke-hoach-tuyen-truyen-cchc-2019/ /bao-cao/ "$report"
       "/tim-kiem/?q=tuy%C3%AAn+truy%E1%BB%81n")
status=0
out="$(mktemp -d)"
for form in mobile desktop; do
  preset=(); [ "$form" = desktop ] && preset=(--preset=desktop)
  for path in "${pages[@]}"; do
    "$dir/node_modules/.bin/lighthouse" "$base$path" --only-categories=accessibility "${preset[@]}" --quiet \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" --output=json --output-path="$out/page.json"
    line="$(node -e '
      const r = require(process.argv[1]);
      const failing = Object.values(r.audits).filter(a => a.score !== null && a.score < 1).map(a => a.id);
      console.log(Math.round(r.categories.accessibility.score * 100) + " " + failing.join(","));' "$out/page.json")"
    echo "${line%% *} $form $path ${line#* }"
    [ "${line%% *}" = 100 ] || status=1
  done
  line="$(cd "$dir" && node lighthouse-comment-form.mjs "$base" "$report" "$form")"
  echo "${line%% *} $form comment form, error state ${line#* }"
  [ "${line%% *}" = 100 ] || status=1
done
rm -rf "$out"
exit $status
