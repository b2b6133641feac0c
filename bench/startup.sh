#!/usr/bin/env bash
# Start-up of dervisher against a local Kinesis (kinesis-local): how long from launch until it has done something.
#
#   check      launch → exit of `--check` (credentials, region, Kinesis limits, stream described; nothing posted)
#   whirls-1   launch → exit of `NAME 60 1 --whirls 1` (the start event, one unit of work, the stop event, all
#              delivered with PutRecords and flushed, summary printed)
#   first-post launch → the first `posting` line of that run (the start event handed to the delivery engine)
#   peak RSS   of each of `check` and `whirls-1`, from GNU time's "maximum resident set size"
#
# Timings of `check` and `whirls-1` by hyperfine (Debian package `hyperfine`); the first `posting` line is
# time-stamped by this script; RSS by /usr/bin/time (Debian package `time`).
#
# Usage: bench/startup.sh [RUNS]        (default 10 runs per figure, after 2 warm-up runs)
#   DERVISHER_CMD="target/dervisher-0.1.0-SNAPSHOT-runner" bench/startup.sh   to measure a native executable
#   (default: java -jar target/quarkus-app/quarkus-run.jar, built with ./mvnw package if missing).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-10}
for tool in hyperfine /usr/bin/time node npm; do
  command -v "$tool" >/dev/null || { echo "startup.sh: $tool is missing (apt-get install -y hyperfine time nodejs npm)" >&2; exit 1; }
done

if [ -n "${DERVISHER_CMD:-}" ]; then
  read -r -a cmd <<<"$DERVISHER_CMD"
  mode="custom: $DERVISHER_CMD"
else
  if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
    ./mvnw -B -q package -DskipTests
  fi
  cmd=(java -jar target/quarkus-app/quarkus-run.jar)
  mode="JVM: java -jar target/quarkus-app/quarkus-run.jar"
fi

# kinesis-local on free loopback ports (as the tests start it: tools/kinesis-local, KINESIS_MOCK_*_PORT).
home=tools/kinesis-local
[ -f "$home/node_modules/kinesis-local/main.js" ] \
  || (cd "$home" && npm install --no-package-lock --no-audit --no-fund --loglevel=error)
free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
port=$(free_port)
tls_port=$(free_port)
work=$(mktemp -d)
log=$work/kinesis-local.log
(cd "$home/node_modules/kinesis-local" && exec env KINESIS_MOCK_PLAIN_PORT="$port" KINESIS_MOCK_TLS_PORT="$tls_port" \
  LOG_LEVEL=WARN AWS_REGION=us-east-1 node main.js >"$log" 2>&1) &
kinesis_pid=$!
cleanup() {
  kill "$kinesis_pid" 2>/dev/null || true
  wait "$kinesis_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 300); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$kinesis_pid" 2>/dev/null || { echo "kinesis-local exited:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.1
done

# Nothing of this machine's environment (AWS profiles, variables) reaches dervisher: only what is set here.
mkdir -p "$work/home"
run_env=(env -i PATH="$PATH" HOME="$work/home" AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret
  AWS_REGION=us-east-1 AWS_ENDPOINT_URL_KINESIS="http://127.0.0.1:$port" AWS_EC2_METADATA_DISABLED=true
  DERVISHER_STREAM=bench-startup)
check=("${cmd[@]}" --check)
whirl=("${cmd[@]}" bench 60 1 --whirls 1)

# The stream is created once, before measuring: provisioning time is not start-up time.
"${run_env[@]}" "${whirl[@]}" >"$work/first-run.out" 2>&1 \
  || { echo "startup.sh: the first run failed:" >&2; cat "$work/first-run.out" >&2; exit 1; }

quote() { printf '%q ' "$@"; }
echo "# dervisher start-up, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "# $mode"
echo "# $(java -version 2>&1 | head -1); $(nproc) CPU ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs));" \
  "kinesis-local $(node -p 'require("./'"$home"'/node_modules/kinesis-local/package.json").version') on loopback;" \
  "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
"${run_env[@]}" hyperfine -N --warmup 2 --runs "$runs" --style basic --export-markdown "$work/hyperfine.md" \
  -n check "$(quote "${check[@]}")" -n whirls-1 "$(quote "${whirl[@]}")" >"$work/hyperfine.out" 2>&1 \
  || { cat "$work/hyperfine.out" >&2; exit 1; }
cat "$work/hyperfine.md"
echo

# Launch → first `posting` line, time-stamped as the line arrives.
first_post_ms=()
for _ in $(seq 1 "$runs"); do
  start=$(date +%s%N)
  ms=$("${run_env[@]}" "${whirl[@]}" 2>/dev/null | while IFS= read -r line; do
    case $line in posting*) echo $(( ($(date +%s%N) - start) / 1000000 )); cat >/dev/null; break ;; esac
  done)
  [ -n "$ms" ] || { echo "startup.sh: no posting line" >&2; exit 1; }
  first_post_ms+=("$ms")
done

# Peak RSS, KiB, per run.
rss() {
  local out=() kib
  for _ in $(seq 1 "$runs"); do
    /usr/bin/time -f '%M' -o "$work/rss" "${run_env[@]}" "$@" >/dev/null 2>&1
    kib=$(tail -1 "$work/rss")
    out+=("$kib")
  done
  printf '%s\n' "${out[@]}"
}
stats() { sort -n | awk '{v[NR]=$1} END {printf "median %s, min %s, max %s (%d runs)", v[int((NR+1)/2)], v[1], v[NR], NR}'; }
echo "| figure | value |"
echo "|:---|:---|"
echo "| launch → first \`posting\` line (ms) | $(printf '%s\n' "${first_post_ms[@]}" | stats) |"
echo "| peak RSS, \`--check\` (KiB) | $(rss "${check[@]}" | stats) |"
echo "| peak RSS, \`--whirls 1\` (KiB) | $(rss "${whirl[@]}" | stats) |"
