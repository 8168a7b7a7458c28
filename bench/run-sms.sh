#!/usr/bin/env bash
# SMS benchmarks (bench/README.md): inbound Africa's Talking callbacks against the host on Redis, and
# outbound dispatch through the Africa's Talking provider to a loopback simulator of its API.
# usage: bench/run-sms.sh [seconds]   (needs redis-server and redis-cli; loopback only)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds=${1:-15}
redis_port=$(free_port); host_port=$(free_port); at_port=$(free_port)
work=$(mktemp -d)
cleanup() { kill "${host_pid:-}" "${redis_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

start_redis "$redis_port" "$work"
dotnet build -c Release src/Host -v q -nologo >/dev/null
dotnet build -c Release bench/SmsLoad -v q -nologo >/dev/null

env Redis__ConnectionString="127.0.0.1:$redis_port" Logging__LogLevel__Default=Warning \
  "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
  dotnet src/Host/bin/Release/net10.0/Huduma.Contact.Host.dll --urls "http://127.0.0.1:$host_port" >"$work/host.log" 2>&1 &
host_pid=$!
wait_ready "$host_port" "$work/host.log"

load=bench/SmsLoad/bin/Release/net10.0/Huduma.Contact.Bench.SmsLoad.dll
echo "== inbound (host on Redis, replies through the simulator provider)"
dotnet "$load" --mode inbound --url "http://127.0.0.1:$host_port" --concurrency 100 --seconds "$seconds"
echo "== inbound webhook latency, open loop at 200/s (replies through the simulator provider)"
dotnet "$load" --mode latency --url "http://127.0.0.1:$host_port" --rate 200 --seconds "$seconds"
kill "$host_pid"; wait "$host_pid" 2>/dev/null || true

# The same webhook while Africa's Talking takes 10 s a message (its simulator, started by the load
# generator on $at_port), then while it is down (nothing listens there): replies wait in the queue.
env Redis__ConnectionString="127.0.0.1:$redis_port" Logging__LogLevel__Default=Warning \
  "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" Sms__Primary=AfricasTalking Sms__Secondary= \
  AfricasTalking__BaseUrl="http://127.0.0.1:$at_port" AfricasTalking__Username=sandbox AfricasTalking__ApiKey=test-api-key \
  dotnet src/Host/bin/Release/net10.0/Huduma.Contact.Host.dll --urls "http://127.0.0.1:$host_port" >"$work/host-slow.log" 2>&1 &
host_pid=$!
wait_ready "$host_port" "$work/host-slow.log"
echo "== inbound webhook latency, open loop at 200/s, Africa's Talking taking 10 s a message"
dotnet "$load" --mode latency --url "http://127.0.0.1:$host_port" --rate 200 --seconds "$seconds" --at-port "$at_port" --at-latency-ms 10000
echo "== inbound webhook latency, open loop at 200/s, Africa's Talking down"
dotnet "$load" --mode latency --url "http://127.0.0.1:$host_port" --rate 200 --seconds "$seconds"
echo "replies still queued: $(for k in $(redis-cli -p "$redis_port" --scan --pattern 'huduma:sms:queue:{*'); do redis-cli -p "$redis_port" xlen "$k"; done | paste -sd+ | bc)"
kill "$host_pid"; wait "$host_pid" 2>/dev/null || true
echo "== outbound (dispatcher + Africa's Talking provider -> loopback AT simulator; records in Redis)"
dotnet "$load" --mode outbound --redis "127.0.0.1:$redis_port" --messages 20000 --concurrency 200
dotnet "$load" --mode outbound --redis "127.0.0.1:$redis_port" --messages 20000 --concurrency 200 --bulk
