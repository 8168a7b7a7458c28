#!/usr/bin/env bash
# Runs every test: installs what the tests need when it is missing (redis-server for the real-Redis
# tests, nginx for the fleet tests, Debian's chromium and npm for the browser tests, espeak-ng for the IVR's prompts,
# promtool for the alerting rules and the dashboard's queries), then
# `dotnet test` on the solution. The tests start their own redis-server on free loopback ports (single, Sentinel and Cluster,
# from infra/redis/) and nginx (from infra/nginx/huduma.conf), and stop them afterwards.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# redis-cli joins the test cluster (redis-tools, which redis-server depends on); Sentinel is the same
# redis-server binary started with --sentinel, so no redis-sentinel package is needed.
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
# The fleet tests run /usr/sbin/nginx themselves (never the system service) in front of three hosts.
[ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v espeak-ng >/dev/null 2>&1 || missing+=(espeak-ng)
# npm fetches Microsoft's Web Chat and Direct Line client bundles for the browser tests (tests/.npm-bundles).
command -v npm >/dev/null 2>&1 || missing+=(npm)
# promtool checks infra/prometheus and the Grafana dashboard's queries (tests/Infra.Tests). Debian ships it in the
# prometheus package, with the server as a service the tests never use: without systemd (a container, CI)
# invoke-rc.d finds no runlevel and does not start it; with systemd it would run on :9090. Its recommends
# (node-exporter and its timers, smartmontools, ...) are not needed: installed without them.
lean=()
command -v promtool >/dev/null 2>&1 || lean+=(prometheus)
if [ ${#missing[@]} -gt 0 ] || [ ${#lean[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ${lean[*]} ..."
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  [ ${#missing[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  [ ${#lean[@]} -eq 0 ] || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${lean[@]}" >/dev/null
fi

# Browser downloads fail here; Playwright drives Debian's /usr/bin/chromium instead.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# The whole output goes to the console and to a log; a failed run ends by repeating each failed test with
# its message, so that the last lines of a long CI log say what failed.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if dotnet test Huduma.Contact.sln --logger "console;verbosity=normal" "$@" 2>&1 | tee "$log"; then exit 0; fi
echo
echo "== failed tests (repeated from above) =="
grep -E -A 25 '^\s+Failed [A-Za-z_.]+' "$log" | grep -v -E '^(info|warn|dbug):|^\s+(Now listening|Application|Hosting environment|Content root)' | head -300 || true
grep -E ': error [A-Z]+[0-9]+' "$log" | sort -u | head -20 || true
grep -E '^\s*(Total tests|Passed|Failed|Skipped):' "$log" || true
exit 1
