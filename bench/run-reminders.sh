#!/usr/bin/env bash
# Collection register and reminder benchmark (bench/README.md): the published backlog of 226,247
# documents imported from CSV through the host's import command into Redis, then every first reminder
# dispatched by the reminder sweep to a loopback simulator of Africa's Talking (rate limit off).
# usage: bench/run-reminders.sh [documents]   (needs redis-server, redis-cli and python3; loopback only)
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
documents=${1:-226247}
redis_port=$(free_port)
work=$(mktemp -d)
cleanup() { kill "${redis_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

start_redis "$redis_port" "$work"
dotnet build -c Release src/Host -v q -nologo >/dev/null
dotnet build -c Release bench/ReminderLoad -v q -nologo >/dev/null

# The published split (122,027 IDs, 51,773 birth certificates, 52,447 smart DLs), ready for collection today
# at the 52 centres, each with its own phone: every one gets a first reminder.
python3 - "$documents" "$work/register.csv" <<'PY'
import sys, random, datetime
n, path = int(sys.argv[1]), sys.argv[2]
random.seed(1919)
centres = [l.split(':', 1)[1].strip() for l in open('content/centres.yaml') if l.strip().startswith('- id:')]
today = datetime.date.today().isoformat()
with open(path, 'w') as f:
    f.write('type,number,holder_name,phone,centre,status,waiting_card_ref,applied_on,ready_on,collected_on\n')
    for i in range(n):
        r = i / n
        if r < 122027 / 226247: t, num = 'national_id', str(20000000 + i)
        elif r < (122027 + 51773) / 226247: t, num = 'birth_certificate', str(100000000 + i)
        else: t, num = 'smart_dl', 'DL%07d' % i
        f.write(f'{t},{num},Holder {i},+2547{10000000 + i:08d},{random.choice(centres)},ready,WC{i:06d},2026-09-01,{today},\n')
PY
echo "== import ($documents documents, $(du -h "$work/register.csv" | cut -f1) of CSV)"
before=$(redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
start=$(date +%s.%N)
env Redis__ConnectionString="127.0.0.1:$redis_port" Logging__LogLevel__Default=Warning \
  dotnet src/Host/bin/Release/net10.0/Huduma.Contact.Host.dll import "$work/register.csv" | tail -6
end=$(date +%s.%N)
after=$(redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
echo "import wall time (process start to exit): $(python3 -c "print(f'{$end - $start:.1f}')") s"
echo "Redis used_memory: $(( (after - before) / 1048576 )) MB for the register and its reminder queue ($(( (after - before) / documents )) bytes a document)"
echo "== re-import of the same file (nothing changes)"
start=$(date +%s.%N)
env Redis__ConnectionString="127.0.0.1:$redis_port" Logging__LogLevel__Default=Warning \
  dotnet src/Host/bin/Release/net10.0/Huduma.Contact.Host.dll import "$work/register.csv" | tail -4 | head -1
end=$(date +%s.%N)
echo "re-import wall time: $(python3 -c "print(f'{$end - $start:.1f}')") s"
echo "== dispatch of every first reminder"
dotnet bench/ReminderLoad/bin/Release/net10.0/Huduma.Contact.Bench.ReminderLoad.dll --redis "127.0.0.1:$redis_port" --parallelism 64
final=$(redis-cli -p "$redis_port" info memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
echo "Redis used_memory after dispatch (register, queue with the next reminders, records, outbox): $(( (final - before) / 1048576 )) MB"
