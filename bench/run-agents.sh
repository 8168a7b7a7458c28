#!/usr/bin/env bash
# Agent console benchmark (bench/README.md): the host in Release on a real Redis, a backlog of open
# escalations, agents signed in with their live feeds open and available, accepting the tickets offered
# to them (working each for 20 s), new escalations arriving by SMS. Loopback only.
# Then the same again with a national-scale backlog (100,000 open by default; 0 skips it), for the
# supervisors' dashboard, whose cost should not grow with the queue.
# usage: bench/run-agents.sh [backlog] [agents] [rate/s] [seconds] [large backlog]   (needs redis-server and redis-cli)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
backlog=${1:-10000}
agents=${2:-50}
rate=${3:-10}
seconds=${4:-20}
large=${5:-100000}
redis_port=$(free_port)
host_port=$(free_port)
work=$(mktemp -d)
cleanup() { [ "${ok:-}" = 1 ] || { echo "host log:"; tail -40 "$work/host.log"; }; kill "${host_pid:-}" "${redis_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

start_redis "$redis_port" "$work"
dotnet build -c Release src/Host -v q -nologo >/dev/null
dotnet build -c Release bench/AgentLoad -v q -nologo >/dev/null

config=(Redis__ConnectionString="127.0.0.1:$redis_port" Logging__LogLevel__Default=Warning "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information")
password="bench admin password $RANDOM$RANDOM"
env "${config[@]}" HUDUMA_ADMIN_PASSWORD="$password" dotnet src/Host/bin/Release/net10.0/Huduma.Contact.Host.dll create-admin bench-admin >/dev/null
env "${config[@]}" dotnet src/Host/bin/Release/net10.0/Huduma.Contact.Host.dll --urls "http://127.0.0.1:$host_port" >"$work/host.log" 2>&1 &
host_pid=$!
wait_ready "$host_port" "$work/host.log"

load="dotnet bench/AgentLoad/bin/Release/net10.0/Huduma.Contact.Bench.AgentLoad.dll --url http://127.0.0.1:$host_port --redis 127.0.0.1:$redis_port --admin bench-admin --password"
echo "== warm-up: 100 open tickets, 5 agents, 5 escalations/s for 5 s (results discarded)"
$load "$password" --backlog 100 --resolved 0 --agents 5 --rate 5 --seconds 5 >/dev/null
# The tickets, and the offers and presence of the run before (the assignment keys, {agents}).
clear_escalations() { redis-cli -p "$redis_port" --scan --pattern 'huduma:{esc*' | xargs -r -n 1000 redis-cli -p "$redis_port" del >/dev/null
  redis-cli -p "$redis_port" --scan --pattern 'huduma:{agents}*' | xargs -r redis-cli -p "$redis_port" del >/dev/null; }
clear_escalations
echo "== $backlog open escalations, $agents agents, $rate new escalations/s for $seconds s"
$load "$password" --backlog "$backlog" --agents "$agents" --rate "$rate" --seconds "$seconds"
if [ "$large" -gt 0 ]; then
  clear_escalations
  echo "== $large open escalations, $agents agents, $rate new escalations/s for $seconds s"
  $load "$password" --backlog "$large" --agents "$agents" --rate "$rate" --seconds "$seconds"
fi
ok=1
