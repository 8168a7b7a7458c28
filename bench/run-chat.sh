#!/usr/bin/env bash
# Web chat load benchmark (bench/README.md): the host in Release on a real Redis, driven by
# bench/ChatLoad: Direct Line conversations, each with its WebSocket stream open. Loopback only.
# usage: bench/run-chat.sh [seconds] [conversations]   (needs redis-server and redis-cli)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds=${1:-10}
conversations=${2:-1000}
redis_port=$(free_port)
host_port=$(free_port)
work=$(mktemp -d)
cleanup() { [ "${ok:-}" = 1 ] || { echo "host log:"; tail -40 "$work/host.log"; }; kill "${load_pid:-}" "${host_pid:-}" "${redis_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

start_redis "$redis_port" "$work"
dotnet build -c Release src/Host -v q -nologo >/dev/null
dotnet build -c Release bench/ChatLoad -v q -nologo >/dev/null

env Redis__ConnectionString="127.0.0.1:$redis_port" Bench__Floor=true Logging__LogLevel__Default=Warning ${HOST_ENV:-} \
  "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
  dotnet src/Host/bin/Release/net10.0/Huduma.Contact.Host.dll --urls "http://127.0.0.1:$host_port" >"$work/host.log" 2>&1 &
host_pid=$!
wait_ready "$host_port" "$work/host.log"

echo "CPU per message below: first the host's process ($host_pid), then Redis's ($redis_pid)"
load="dotnet bench/ChatLoad/bin/Release/net10.0/Huduma.Contact.Bench.ChatLoad.dll --url http://127.0.0.1:$host_port"
heap() { curl -sf "http://127.0.0.1:$host_port/bench/memory" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["managedBytes"], d["workingSetBytes"])'; }
used_memory() { redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r'; }

echo "== warm-up (JIT, pools), results discarded"
$load --mode closed --conversations 100 --seconds 8 >/dev/null

echo "== memory per open conversation ($conversations conversations, WebSocket open, two messages each)"
read -r heap0 ws0 < <(heap); mem0=$(used_memory)
$load --mode hold --conversations "$conversations" --hold 8 >"$work/hold.log" &
load_pid=$!
until grep -q OPEN "$work/hold.log" 2>/dev/null; do sleep 0.2; kill -0 "$load_pid" || { cat "$work/hold.log"; exit 1; }; done
sleep 3
read -r heap1 ws1 < <(heap); mem1=$(used_memory)
head -1 "$work/hold.log"
echo "host managed heap (after a full GC): +$(( heap1 - heap0 )) bytes, $(( (heap1 - heap0) / conversations )) bytes per open conversation; working set +$(( (ws1 - ws0) / 1024 )) KB, $(( (ws1 - ws0) / conversations )) bytes per conversation"
echo "Redis used_memory: +$(( mem1 - mem0 )) bytes, $(( (mem1 - mem0) / conversations )) bytes per conversation (its activity log and chat state)"
wait "$load_pid"; load_pid=""

# 2,000/s three times: a 10-second p99 on this shared machine swings from run to run.
for rate in 1000 2000 2000 2000; do
  echo "== open loop: $rate messages/s offered over $conversations open conversations, ${seconds} s"
  gc0=$(curl -sf "http://127.0.0.1:$host_port/bench/memory")
  $load --mode open --rate "$rate" --conversations "$conversations" --seconds "$seconds" --pids "$host_pid,$redis_pid" | tail -3
  gc1=$(curl -sf "http://127.0.0.1:$host_port/bench/memory")
  python3 - "$gc0" "$gc1" <<'PY'
import json, sys
a, b = (json.loads(x)["gc"] for x in sys.argv[1:3])
# The forced collections of the first reading count in the second: take them out (2 of each generation).
print(f"  host GCs gen0/1/2 during the run (with warm-up): {b['gen0']-a['gen0']-2}/{b['gen1']-a['gen1']-2}/{b['gen2']-a['gen2']-2}, paused {b['pauseMs']-a['pauseMs']:.0f} ms (includes the 2 forced)")
PY
done

echo "== closed loop: every conversation sends as soon as it is answered"
for c in 100 "$conversations"; do
  $load --mode closed --conversations "$c" --seconds "$seconds" --pids "$host_pid,$redis_pid" | tail -3
done
ok=1
