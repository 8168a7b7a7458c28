#!/usr/bin/env bash
# USSD load benchmark (bench/README.md): the host in Release on a real Redis, driven by bench/UssdLoad
# against the real endpoint and against the floor endpoint in the same host. Loopback only.
# usage: bench/run-ussd.sh [seconds]   (needs redis-server and redis-cli; ./test.sh installs redis-server)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds=${1:-20}
redis_port=$(free_port)
host_port=$(free_port)
work=$(mktemp -d)
cleanup() { kill "${host_pid:-}" "${redis_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

start_redis "$redis_port" "$work"
dotnet build -c Release src/Host -v q -nologo >/dev/null
dotnet build -c Release bench/UssdLoad -v q -nologo >/dev/null

env Redis__ConnectionString="127.0.0.1:$redis_port" Demo__SeedRegister=true Bench__Floor=true \
  StatusLookup__PerPhonePerHour=1000000 StatusLookup__PerDocumentPerHour=100000000 Reminders__SweepCron="0 0 1 1 *" \
  Logging__LogLevel__Default=Warning "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
  dotnet src/Host/bin/Release/net10.0/Huduma.Contact.Host.dll --urls "http://127.0.0.1:$host_port" >"$work/host.log" 2>&1 &
host_pid=$!
wait_ready "$host_port" "$work/host.log"
sleep 1

gen="dotnet bench/UssdLoad/bin/Release/net10.0/Huduma.Contact.Bench.UssdLoad.dll --url http://127.0.0.1:$host_port"
load="$gen --seconds $seconds"
# Warm both paths up first, results discarded. Tiered JIT and dynamic PGO settle slowly when the cores
# are saturated (the compiler thread competes with the load): 18 s into the load, perf still found a
# quarter of the host's CPU in the JIT on the real path (it has far more code than the floor), and ~2%
# after 45 s. So each path is warmed for 30 s.
for path in /bench/floor /ussd/africastalking; do
  $gen --seconds "${WARMUP:-30}" --path $path >/dev/null
done
# Floor and real in turns of 2 s, in one run of 12 x $seconds seconds (bench/UssdLoad/AlternatingRun.cs):
# this machine's speed drifts by tens of percent within minutes, so rounds of each path run one after
# the other compared different machines. The CPU a hop of the host, Redis and the generator is read
# from /proc at each turn.
echo "== closed loop, 200 concurrent sessions, floor and real in turns"
$gen --mode alternate --paths /bench/floor,/ussd/africastalking --concurrency 200 --seconds $((12 * seconds)) --slice 2 \
  --watch "host=$host_pid,redis=$redis_pid"
# A p99 of 10 s at 1,000 hops/s rests on its ~100 slowest hops, a few stalls of the machine: three rounds
# of each path in turns, so each pair of rounds sees the same machine and the ratio is read per pair.
echo "== open loop, 1000 hops/s offered, three rounds of each path in turns"
for round in 1 2 3; do
  $load --path /bench/floor --mode open --rate 1000
  $load --path /ussd/africastalking --mode open --rate 1000
done

echo "== Redis memory per live session"
redis-cli -p "$redis_port" --scan --pattern 'huduma:floor:*' | xargs -r -n 1000 redis-cli -p "$redis_port" del >/dev/null
before=$(redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
sessions_before=$(redis-cli -p "$redis_port" --scan --pattern 'huduma:ussd:+*' | wc -l)
# Leave 10,000 sessions live in the middle of a status lookup (3 hops each), as citizens mid-session would.
dotnet bench/UssdLoad/bin/Release/net10.0/Huduma.Contact.Bench.UssdLoad.dll --url "http://127.0.0.1:$host_port" \
  --mode sessions --sessions 10000 --hops 4 --concurrency 100
after=$(redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
sessions_after=$(redis-cli -p "$redis_port" --scan --pattern 'huduma:ussd:+*' | wc -l)
live=$((sessions_after - sessions_before))
sample=$(redis-cli -p "$redis_port" --scan --pattern 'huduma:ussd:+*' | tail -1)
echo "live sessions added: $live; used_memory delta: $((after - before)) bytes; per session (with its phone's profile and counters): $(( (after - before) / (live > 0 ? live : 1) )) bytes; MEMORY USAGE of one session key: $(redis-cli -p "$redis_port" memory usage "$sample") bytes"
