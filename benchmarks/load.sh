#!/usr/bin/env bash
# Gateway throughput and latency in one command: builds the host and the load tool in Release,
# starts the host on 127.0.0.1 with fresh keys and a temporary data directory, waits for /readyz,
# runs the load tool (arguments are passed on: --rate, --seconds, --warmup, --agents, --json …),
# then stops the host and removes the data directory. Every step is bounded in time.
#
#   benchmarks/load.sh                      # 500 calls/s: 15 s warm-up (rising to the rate), 30 s measured, 3000 agents
#   benchmarks/load.sh --rate 800 --seconds 20
#
# PORT (default 5099) and HOST_ARGS (extra host options) may be set in the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The runtime setting the gateway's tail latency depends on (README, Performance → Gateway): a gen-0
# budget of 512 KiB for the host and the tool, i.e. many short GC pauses instead of a few long ones.
# Only an environment variable sets it (the runtime ignores it in runtimeconfig.json). Set
# DOTNET_GCgen0size yourself to try another value, or to 0 for the runtime's default.
export DOTNET_GCgen0size=${DOTNET_GCgen0size:-0x80000}
[[ "$DOTNET_GCgen0size" == "0" ]] && unset DOTNET_GCgen0size

PORT=${PORT:-5099}
URL="http://127.0.0.1:$PORT"
DATA=$(mktemp -d -t queue-engine-load-XXXXXX)
ADMIN_KEY="load-admin-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
GATEWAY_KEY="load-gateway-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
HOST_PID=""

cleanup() {
  if [[ -n "$HOST_PID" ]] && kill -0 "$HOST_PID" 2>/dev/null; then
    kill -TERM "$HOST_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$HOST_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$HOST_PID" 2>/dev/null || true
  fi
  rm -rf "$DATA"
}
trap cleanup EXIT

echo "load.sh: building host and load tool (Release)" >&2
timeout 600 dotnet build -c Release -v quiet -nologo benchmarks/QueueEngine.Benchmarks.csproj >&2

echo "load.sh: starting the host on $URL (data in $DATA, log in $DATA/host.log)" >&2
# The REST API's rate limit is raised for the setup (thousands of agents); the gateway's too, so the
# tool measures the service rather than the limiter. Each request is still logged (the default).
dotnet host/bin/Release/net10.0/QueueEngine.Host.dll \
  --urls "$URL" --QueueEngine:DataDirectory "$DATA" \
  --QueueEngine:AdminApiKey "$ADMIN_KEY" --QueueEngine:GatewayApiKey "$GATEWAY_KEY" \
  --QueueEngine:RateLimit:Burst 1000000 --QueueEngine:RateLimit:RequestsPerPeriod 1000000 \
  --QueueEngine:GatewayRateLimit:Burst 1000000 --QueueEngine:GatewayRateLimit:RequestsPerPeriod 1000000 \
  ${HOST_ARGS:-} > "$DATA/host.log" 2>&1 &
HOST_PID=$!

# The load tool waits for /readyz itself (bounded by --ready-timeout) and reads the host's CPU time.
timeout 900 dotnet benchmarks/bin/Release/net10.0/QueueEngine.Benchmarks.dll load \
  --url "$URL" --admin-key "$ADMIN_KEY" --gateway-key "$GATEWAY_KEY" --server-pid "$HOST_PID" "$@"
echo "  machine             $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end"
