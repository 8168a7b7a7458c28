#!/usr/bin/env bash
# Voice webhook benchmark (bench/README.md): the host in Release on a real Redis (the demo register
# seeded), driven by bench/VoiceLoad with whole scripted calls through both providers' endpoints.
# Loopback only. usage: bench/run-voice.sh [seconds]   (needs redis-server and redis-cli)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
seconds=${1:-20}
redis_port=$(free_port)
host_port=$(free_port)
work=$(mktemp -d)
cleanup() { [ "${ok:-}" = 1 ] || { echo "host log:"; tail -40 "$work/host.log"; }; kill "${host_pid:-}" "${redis_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

start_redis "$redis_port" "$work"
dotnet build -c Release src/Host -v q -nologo >/dev/null
dotnet build -c Release bench/VoiceLoad -v q -nologo >/dev/null

secret="bench-voice-secret"; token="bench-twilio-token"; account="AC00000000000000000000000000000001"
env Redis__ConnectionString="127.0.0.1:$redis_port" Demo__SeedRegister=true AfricasTalking__CallbackSecret=$secret \
  Twilio__AccountSid=$account Twilio__AuthToken=$token Voice__AgentNumbers__0=+254700100200 \
  StatusLookup__PerPhonePerHour=1000000 StatusLookup__PerDocumentPerHour=100000000 Reminders__SweepCron="0 0 1 1 *" \
  Logging__LogLevel__Default=Warning "Logging__LogLevel__Microsoft.Hosting.Lifetime=Information" \
  dotnet src/Host/bin/Release/net10.0/Huduma.Contact.Host.dll --urls "http://127.0.0.1:$host_port" >"$work/host.log" 2>&1 &
host_pid=$!
wait_ready "$host_port" "$work/host.log"

load="dotnet bench/VoiceLoad/bin/Release/net10.0/Huduma.Contact.Bench.VoiceLoad.dll --url http://127.0.0.1:$host_port --secret $secret --token $token --account $account"
echo "== warm-up (results discarded)"
$load --provider africastalking --calls 50 --think-ms 0 --seconds 8 >/dev/null
$load --provider twilio --calls 50 --think-ms 0 --seconds 8 >/dev/null
for provider in africastalking twilio; do
  echo "== $provider: 200 concurrent calls, a key every 500 ms (a brisk caller)"
  $load --provider $provider --calls 200 --think-ms 500 --seconds "$seconds"
  echo "== $provider: 200 concurrent calls, no pause (capacity)"
  $load --provider $provider --calls 200 --think-ms 0 --seconds "$seconds"
done
ok=1
