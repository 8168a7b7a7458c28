# Shared by the bench/run-*.sh scripts (sourced, not run): a free loopback port, and a throwaway
# redis-server on one (no persistence, its files in $work). Loopback only.
# The benchmarks run hosts on Redis on loopback without provider secrets: not production.
export Security__RequireSecrets=false

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# start_redis PORT DIR: starts redis-server in the background (its pid in $redis_pid) and waits until it answers.
start_redis() {
  # Without redis-server the wait below would spin for ever: say so instead (./test.sh installs it).
  command -v redis-server >/dev/null || { echo "redis-server not found: run ./test.sh once, or apt-get install -y redis-server" >&2; exit 1; }
  redis-server --port "$1" --bind 127.0.0.1 --save "" --appendonly no --dir "$2" >"$2/redis.log" 2>&1 &
  redis_pid=$!
  until redis-cli -p "$1" ping >/dev/null 2>&1; do sleep 0.1; done
}

# wait_ready PORT LOG: waits up to a minute for the host on PORT to answer /health/ready; else shows its log and fails.
wait_ready() {
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$1/health/ready" >/dev/null && return 0; sleep 0.2; done
  echo "host did not become ready:"; tail -20 "$2"; exit 1
}
