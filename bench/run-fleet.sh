#!/usr/bin/env bash
# The mixed-load benchmark (bench/README.md, "Fleet"): a busy hour's mix of USSD, SMS, chat and voice
# against 1, 2 and 3 hosts (the Release build) behind Debian's nginx, on one Redis and on a Redis Cluster,
# all started from infra/ on loopback ports; then a Redis primary SIGKILLed under the mix, under Sentinel
# and in a cluster. Loopback only; about 15 minutes with the defaults.
# usage: bench/run-fleet.sh [FleetLoad options, e.g. --seconds 15 --hosts 1,2,3 --topologies single,cluster --failover sentinel,cluster]
set -euo pipefail
cd "$(dirname "$0")/.."
# Sentinel is redis-server --sentinel, as in the tests.
for tool in redis-server redis-cli /usr/sbin/nginx; do
  command -v "$tool" >/dev/null || { echo "$tool not found: run ./test.sh once (it installs redis, nginx), or apt-get install -y redis-server nginx" >&2; exit 1; }
done
dotnet build -c Release src/Host -v q -nologo >/dev/null
dotnet build -c Release bench/FleetLoad -v q -nologo >/dev/null
dotnet bench/FleetLoad/bin/Release/net10.0/Huduma.Contact.Bench.FleetLoad.dll --host-dir src/Host/bin/Release/net10.0 "$@"
