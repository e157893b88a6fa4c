#!/usr/bin/env bash
# Install the system programs the test suite drives for real: redis-server (cache backend tests),
# chromium + chromedriver (the browser test of the Check widget) and bubblewrap (the grading sandbox; without it
# grading still works with fewer protections, and says which). Best effort: without root or apt-get the
# tests that need them are skipped with a visible reason.
set -u
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium chromium-driver)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: not root or no apt-get; tests needing ${need[*]} will be skipped" >&2
  exit 0
fi
echo "system-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
(apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null) \
  || echo "system-deps: could not install ${need[*]}; the tests that need them will be skipped" >&2
exit 0
