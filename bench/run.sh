#!/usr/bin/env bash
# dervisher's benchmark (issue 3): dervisher at full speed against the original tool's one-PutRecord-per-event
# strategy and a bare PutRecords loop, against kinesis-local and against an endpoint that acknowledges instantly.
# Every contender is its own process, so its CPU time and peak RSS are its own. See bench/README.md.
#
#   bench/run.sh                      # the comparison, 30 s of load per contender (about 6 minutes)
#   bench/run.sh -d 20                # 20 s per contender
#   bench/run.sh --mode http-clients  # the bare loop with the url-connection, apache and apache5 clients
#   bench/run.sh --mode rtt           # dervisher's defaults vs tuned, 50 ms added to every put (a real region)
#   bench/run.sh --mode all           # all three
#
# Everything it starts (kinesis-local, the endpoints, the contenders) is stopped on exit and on Ctrl-C.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1

DURATION=${DURATION:-30}           # seconds of load per contender, a multiple of 10
SENDERS=${SENDERS:-4}              # dervisher.delivery.senders (its default), and the bare loop's thread count
RPM=${RPM:-6000000}                # whirls a minute asked of dervisher: far more than delivery can take
SHARDS=${SHARDS:-4}
JAVA_OPTS=${JAVA_OPTS:-}           # JVM options for every Java contender alike
DERVISHER_OPTS=${DERVISHER_OPTS:-} # extra options for dervisher only, e.g. "-Ddervisher.delivery.linger=20ms"
RTT_MS=${RTT_MS:-50}               # --mode rtt: milliseconds added to every PutRecords answer
TUNED_OPTS=${TUNED_OPTS:--Ddervisher.delivery.senders=8 -Ddervisher.delivery.buffer=25000} # --mode rtt
# dervisher against kinesis-local only: the mock answers a 500-record PutRecords in seconds, and past the default
# put timeout (10 s) dervisher gives the call up and sends its records again (see bench/README.md). Set it empty
# to run kinesis-local with dervisher's defaults.
KL_DERVISHER_OPTS=${KL_DERVISHER_OPTS--Ddervisher.delivery.put-timeout=60s}
MODE=main
BUILD=1
TARGETS="kinesis-local instant"
CLIENTS="url apache apache5"

usage() {
    cat <<USAGE
usage: bench/run.sh [-d SECONDS] [--senders N] [--mode main|http-clients|rtt|all]
                    [--target kinesis-local|instant] [--no-build]
  -d, --duration SECONDS  load per contender, a multiple of 10 (default $DURATION; env DURATION)
  --senders N             dervisher's senders and the bare loop's threads (default $SENDERS; env SENDERS)
  --mode MODE             main: dervisher vs one-put vs bare loop, against kinesis-local and the instant endpoint
                          (default); http-clients: the bare loop with each SDK HTTP client against both;
                          rtt: bare loop, dervisher and dervisher with TUNED_OPTS against an endpoint that
                          answers after RTT_MS; all: the three
  --target T              main and http-clients: only this endpoint (default: both)
  --no-build              reuse target/ as built (skips ./mvnw package and the classpath)
env: JAVA_OPTS (every Java contender), DERVISHER_OPTS (dervisher only), RPM (default $RPM), SHARDS (default $SHARDS),
     RTT_MS (default $RTT_MS), TUNED_OPTS (default "$TUNED_OPTS"),
     KL_DERVISHER_OPTS (dervisher against kinesis-local only, default "$KL_DERVISHER_OPTS"; empty: its defaults)
USAGE
}

while [[ $# -gt 0 ]]; do
    case "$1" in
        -d|--duration) DURATION=${2:?}; shift 2 ;;
        --senders) SENDERS=${2:?}; shift 2 ;;
        --mode) MODE=${2:?}; shift 2 ;;
        --target) TARGETS=${2:?}; shift 2 ;;
        --no-build) BUILD=0; shift ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
    esac
done
case "$MODE" in main|http-clients|rtt|all) ;; *) echo "--mode is main, http-clients, rtt or all" >&2; exit 2 ;; esac
for target in $TARGETS; do
    case "$target" in kinesis-local|instant) ;; *) echo "--target is kinesis-local or instant" >&2; exit 2 ;; esac
done
[[ "$DURATION" =~ ^[0-9]+$ && "$DURATION" -ge 10 && $((DURATION % 10)) -eq 0 ]] \
    || { echo "--duration is a number of seconds, a multiple of 10 (dervisher reports progress every 10 s)" >&2; exit 2; }
want() { [[ $MODE == all || $MODE == "$1" ]]; }

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
command -v "$JAVA" >/dev/null || { echo "java not found" >&2; exit 1; }
JAVA=$(command -v "$JAVA")
TIME=/usr/bin/time
[[ -x $TIME ]] || TIME=""   # without GNU time (Debian package 'time'), CPU and RSS come from /proc samples
CLK_TCK=$(getconf CLK_TCK)

RUN_DIR="$ROOT/target/bench/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RUN_DIR"

# ---------------------------------------------------------------------------------------------------------------
# Processes: every pid this script starts is tracked while it lives, and the live ones are stopped on exit.
declare -A LIVE=()

stop_pid() { # pid: TERM, a second TERM after 3 s (dervisher: give up the flush), KILL after 10 s
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || return 0
    for i in $(seq 100); do
        kill -0 "$pid" 2>/dev/null || return 0
        [[ $i -eq 30 ]] && kill -TERM "$pid" 2>/dev/null
        sleep 0.1
    done
    kill -KILL "$pid" 2>/dev/null
}

cleanup() {
    trap - EXIT INT TERM
    local pid
    for pid in "${!LIVE[@]}"; do
        stop_pid "$pid"
    done
    wait 2>/dev/null
}
trap cleanup EXIT
trap 'echo; echo "interrupted: stopping what the bench started"; exit 130' INT TERM

free_port() { # a loopback port nobody listens on
    local port
    while true; do
        port=$((20000 + RANDOM % 40000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

await_port() { # port pid seconds
    local i
    for i in $(seq $(($3 * 10))); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.1
    done
    return 1
}

REPLY_TICKS=0
cpu_ticks() { # pid -> REPLY_TICKS: utime + stime of the process (all its threads), builtins only
    local stat
    read -r stat < "/proc/$1/stat" 2>/dev/null || return 1
    stat=${stat##*) }
    # shellcheck disable=SC2086
    set -- $stat
    REPLY_TICKS=$(( ${12} + ${13} ))
}

REPLY_HWM=0
vm_hwm() { # pid -> REPLY_HWM: peak RSS in kB
    local key value unit
    while read -r key value unit; do
        [[ $key == VmHWM: ]] && { REPLY_HWM=$value; return 0; }
    done < "/proc/$1/status" 2>/dev/null
    return 1
}

await_idle() { # pid: until the process uses under 5 % of a core for a second (at most 3 minutes)
    local i a b
    for i in $(seq 180); do
        cpu_ticks "$1" || return 0
        a=$REPLY_TICKS
        sleep 1
        cpu_ticks "$1" || return 0
        b=$REPLY_TICKS
        [[ $((b - a)) -le $((CLK_TCK / 20)) ]] && return 0
        [[ $i -eq 1 ]] && printf '  (waiting for the endpoint to finish the work it was given ...)\n'
    done
}

# ---------------------------------------------------------------------------------------------------------------
# Build and classpath

if [[ $BUILD -eq 1 ]]; then
    echo "building: ./mvnw package -DskipTests (the app and the bench classes) ..."
    ./mvnw -B -q package -DskipTests > "$RUN_DIR/build.log" 2>&1 \
        || { tail -40 "$RUN_DIR/build.log"; echo "build failed, see $RUN_DIR/build.log" >&2; exit 1; }
    ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$ROOT/target/bench/classpath.txt" \
        -Dmdep.includeScope=test >> "$RUN_DIR/build.log" 2>&1 \
        || { tail -40 "$RUN_DIR/build.log"; echo "classpath failed, see $RUN_DIR/build.log" >&2; exit 1; }
fi
APP_JAR="$ROOT/target/quarkus-app/quarkus-run.jar"
[[ -f $APP_JAR && -f "$ROOT/target/bench/classpath.txt" && -d "$ROOT/target/test-classes/dev/dervisher/bench" ]] \
    || { echo "nothing built: run without --no-build" >&2; exit 1; }
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$ROOT/target/bench/classpath.txt")"
# The test classpath carries the JBoss LogManager and Quarkus' initial log configurator, which, left alone, passes
# every DEBUG and TRACE record of the SDK and of HttpURLConnection on (to be built, then dropped): that would cost
# the baselines much CPU that dervisher, whose Quarkus sets WARN, does not pay. WARN for all.
BENCH_JAVA=("$JAVA" $JAVA_OPTS -Djava.util.logging.manager=org.jboss.logmanager.LogManager
            -Dlogging.initial-configurator.min-level=WARNING -cp "$CP")

# Contenders get a clean environment: no AWS_PROFILE, AWS_CBOR_DISABLE or endpoint of the machine leaks in.
CLEAN_ENV=(env -i "PATH=$PATH" "HOME=$RUN_DIR" "LANG=C.UTF-8")
AWS_ENV=(AWS_ACCESS_KEY_ID=dervisher-bench AWS_SECRET_ACCESS_KEY=dervisher-bench-secret AWS_REGION=us-east-1
         AWS_EC2_METADATA_DISABLED=true)

# ---------------------------------------------------------------------------------------------------------------
# Endpoints: kinesis-local, instant (acknowledges at once), rtt (acknowledges after RTT_MS)

declare -A EP_PID EP_PORT

start_kinesis_local() {
    local home="$ROOT/tools/kinesis-local"
    command -v node >/dev/null || { echo "node not found (kinesis-local runs on Node.js)" >&2; exit 1; }
    if [[ ! -f "$home/node_modules/kinesis-local/main.js" ]]; then
        echo "installing kinesis-local (npm install in tools/kinesis-local) ..."
        (cd "$home" && npm install --no-package-lock --no-audit --no-fund > "$RUN_DIR/npm-install.log" 2>&1) \
            || { cat "$RUN_DIR/npm-install.log"; echo "npm install failed" >&2; exit 1; }
    fi
    local port tls_port pid
    port=$(free_port)
    tls_port=$(free_port)
    (cd "$home/node_modules/kinesis-local" && exec env KINESIS_MOCK_PLAIN_PORT="$port" \
        KINESIS_MOCK_TLS_PORT="$tls_port" LOG_LEVEL=WARN AWS_REGION=us-east-1 SHARD_LIMIT=500 \
        node main.js) > "$RUN_DIR/kinesis-local.log" 2>&1 &
    pid=$!
    LIVE[$pid]=1
    await_port "$port" "$pid" 60 \
        || { cat "$RUN_DIR/kinesis-local.log"; echo "kinesis-local did not start" >&2; exit 1; }
    EP_PID[kinesis-local]=$pid
    EP_PORT[kinesis-local]=$port
    echo "kinesis-local $(node -p "require('$home/node_modules/kinesis-local/package.json').version") (Node.js $(node --version)) up on 127.0.0.1:$port (pid $pid)"
}

start_instant() { # name latency-ms
    local pid port="" i log="$RUN_DIR/$1.log"
    "${CLEAN_ENV[@]}" "${BENCH_JAVA[@]}" dev.dervisher.bench.InstantKinesis --port 0 --latency-ms "$2" > "$log" 2>&1 &
    pid=$!
    LIVE[$pid]=1
    for i in $(seq 300); do
        port=$(awk '/^listening /{ print $2; exit }' "$log")
        [[ -n $port ]] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    [[ -n $port ]] || { cat "$log"; echo "the $1 endpoint did not start" >&2; exit 1; }
    EP_PID[$1]=$pid
    EP_PORT[$1]=$port
    echo "$1 endpoint (InstantKinesis, +$2 ms a put) up on 127.0.0.1:$port (pid $pid)"
}

endpoint_stats() { # name -> "requests=N putrecords=N records=N" (instant and rtt only)
    [[ $1 == kinesis-local ]] && return 0
    local line stats=""
    exec 3<>"/dev/tcp/127.0.0.1/${EP_PORT[$1]}" || return 0
    printf 'GET /stats HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
    while IFS= read -r line <&3; do
        [[ $line == requests=* ]] && stats=$line
    done
    exec 3<&-
    echo "$stats"
}

# ---------------------------------------------------------------------------------------------------------------
# One contender: its own process, timed by GNU time when there is one, its CPU read when its measured phase
# starts (a marker line), so that JVM and Quarkus start-up and the stream set-up are not charged to the events.

declare -A R_OK R_EVENTS R_SECONDS R_EPS R_ALL_EPS R_BATCH R_CPU R_CPU_TOTAL R_RSS R_SRV R_NOTE

run_contender() { # key endpoint contender [http-client] [extra dervisher options]
    local key=$1 target=$2 contender=$3 http=${4:-url} extra=${5:-}
    local endpoint="http://127.0.0.1:${EP_PORT[$target]}" server_pid=${EP_PID[$target]}
    local log="$RUN_DIR/$key.log" timefile="$RUN_DIR/$key.time" stream="bench-$key" # a fresh stream each
    local marker cmd
    case "$contender" in
        dervisher)
            marker='^whirling '
            # shellcheck disable=SC2206
            cmd=("${CLEAN_ENV[@]}" "${AWS_ENV[@]}" "AWS_ENDPOINT_URL_KINESIS=$endpoint"
                 "$JAVA" $JAVA_OPTS "-Ddervisher.delivery.senders=$SENDERS" $DERVISHER_OPTS $extra -jar "$APP_JAR"
                 mimi "$RPM" "$SHARDS" --quiet --duration "${DURATION}s" --stream "$stream"
                 --flush-timeout 2m)
            ;;
        one-put)
            marker='^bench-start'
            cmd=("${CLEAN_ENV[@]}" "${BENCH_JAVA[@]}" dev.dervisher.bench.OnePutLoop --endpoint "$endpoint"
                 --stream "$stream" --shards "$SHARDS" --duration "${DURATION}s" --http "$http")
            ;;
        bare-loop)
            marker='^bench-start'
            cmd=("${CLEAN_ENV[@]}" "${BENCH_JAVA[@]}" dev.dervisher.bench.BarePutRecordsLoop --endpoint "$endpoint"
                 --stream "$stream" --shards "$SHARDS" --duration "${DURATION}s" --threads "$SENDERS" --http "$http")
            ;;
    esac
    local ep
    for ep in "${EP_PID[@]}"; do # an endpoint still busy with earlier calls would take CPU from this contender
        await_idle "$ep"
    done
    printf '  %-26s %s s of load ...' "$key" "$DURATION"
    echo "${cmd[*]}" > "$RUN_DIR/$key.cmd"

    local srv0=0 srv1=0 pid jpid="" c0="" last=0 hwm=0 rc i stats0 stats1
    stats0=$(endpoint_stats "$target")
    cpu_ticks "$server_pid" && srv0=$REPLY_TICKS
    if [[ -n $TIME ]]; then
        "$TIME" -f '%e %U %S %M' -o "$timefile" "${cmd[@]}" > "$log" 2>&1 &
        pid=$!
        LIVE[$pid]=1
        for i in $(seq 250); do # the java process under time (env execs it)
            read -r jpid _ < "/proc/$pid/task/$pid/children" 2>/dev/null
            [[ -n $jpid ]] && break
            sleep 0.02
        done
        [[ -n $jpid ]] && LIVE[$jpid]=1
    else
        "${cmd[@]}" > "$log" 2>&1 &
        pid=$!
        jpid=$pid
        LIVE[$pid]=1
    fi
    # The measured phase begins with the marker line: read the contender's CPU then.
    while kill -0 "$pid" 2>/dev/null; do
        if grep -q -m1 -e "$marker" "$log" 2>/dev/null; then
            cpu_ticks "$jpid" && c0=$REPLY_TICKS
            break
        fi
        sleep 0.05
    done
    if [[ -z $TIME ]]; then
        while kill -0 "$pid" 2>/dev/null; do
            cpu_ticks "$jpid" && last=$REPLY_TICKS
            vm_hwm "$jpid" && hwm=$REPLY_HWM
            sleep 0.2
        done
    fi
    wait "$pid"
    rc=$?
    unset "LIVE[$pid]"
    [[ -n $jpid ]] && unset "LIVE[$jpid]"
    cpu_ticks "$server_pid" && srv1=$REPLY_TICKS
    stats1=$(endpoint_stats "$target")

    local events="" seconds="" wevents="" wseconds="" note=""
    if [[ $contender == dervisher ]]; then
        local summary progress k
        summary=$(grep -m1 '^dervisher .* stopped: ' "$log")
        events=$(sed -nE 's/.* ([0-9]+) events posted.*/\1/p' <<<"$summary")
        seconds=$(sed -nE 's/.* failed in ([0-9.]+) s .*/\1/p' <<<"$summary")
        note=$(sed -nE 's/.*retried ([0-9]+); put p50 ([0-9]+) ms, p99 ([0-9]+) ms.*/retried \1, put p50 \2 ms p99 \3 ms/p' <<<"$summary")
        # --quiet prints a progress line every 10 s of the run: the (D/10)th tells what was delivered within the
        # load window.
        k=$((DURATION / 10))
        progress=$(grep '^progress: ' "$log" | sed -n "${k}p")
        wevents=$(sed -nE 's/.* ([0-9]+) delivered,.*/\1/p' <<<"$progress")
        wseconds=$((k * 10))
    else
        local result
        result=$(grep -m1 '^bench-result ' "$log")
        events=$(sed -nE 's/.* events=([0-9]+) .*/\1/p' <<<"$result")
        seconds=$(sed -nE 's/.* seconds=([0-9.]+) .*/\1/p' <<<"$result")
        wevents=$(sed -nE 's/.* window_events=([0-9]+) .*/\1/p' <<<"$result")
        wseconds=$(sed -nE 's/.* window_seconds=([0-9.]+) .*/\1/p' <<<"$result")
        note=$(sed -nE 's/.* failed_calls=([0-9]+) failed_records=([0-9]+) put_p50_ms=([0-9.]+) put_p99_ms=([0-9.]+).*/failed calls \1, put p50 \3 ms p99 \4 ms/p' <<<"$result")
    fi
    # dervisher exits 5 when events were left undelivered at the end of its flush: a result all the same
    [[ $contender == dervisher && $rc -eq 5 && -n $events ]] \
        && note="EXIT 5: $(sed -nE 's/.* undelivered ([0-9]+);.*/\1/p' <<<"$summary") undelivered; $note" && rc=0
    if [[ $rc -ne 0 || -z $events || -z $seconds || -z $wevents || -z $c0 ]]; then
        echo " FAILED (exit $rc), last lines of ${log#"$ROOT"/}:"
        tail -15 "$log" | sed 's/^/      /'
        R_OK[$key]=0
        return
    fi
    local total_cpu rss u s
    if [[ -n $TIME ]]; then
        read -r _ u s rss < "$timefile"
        total_cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
    else
        total_cpu=$(awk -v t="$last" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')
        rss=$hwm
    fi
    local batch="-" p0 p1 n0 n1
    if [[ -n $stats0 && -n $stats1 ]]; then
        p0=$(sed -nE 's/.* putrecords=([0-9]+) .*/\1/p' <<<"$stats0"); n0=${stats0##*records=}
        p1=$(sed -nE 's/.* putrecords=([0-9]+) .*/\1/p' <<<"$stats1"); n1=${stats1##*records=}
        if [[ -n $p0 && -n $p1 && $((p1 - p0)) -gt 0 ]]; then
            batch=$(awk -v c="$((p1 - p0))" -v n="$((n1 - n0))" 'BEGIN { printf "%.0f", n / c }')
        fi
    fi
    R_OK[$key]=1
    R_EVENTS[$key]=$events
    R_SECONDS[$key]=$seconds
    R_EPS[$key]=$(awk -v e="$wevents" -v s="$wseconds" 'BEGIN { printf "%.0f", e / s }')
    R_ALL_EPS[$key]=$(awk -v e="$events" -v s="$seconds" 'BEGIN { printf "%.0f", e / s }')
    R_CPU_TOTAL[$key]=$total_cpu
    R_CPU[$key]=$(awk -v t="$total_cpu" -v c0="$c0" -v hz="$CLK_TCK" -v e="$events" \
        'BEGIN { printf "%.3f", (t - c0 / hz) * 10000 / e }')
    R_RSS[$key]=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
    R_SRV[$key]=$(awk -v d="$((srv1 - srv0))" -v hz="$CLK_TCK" -v e="$events" \
        'BEGIN { printf "%.3f", d / hz * 10000 / e }')
    R_BATCH[$key]=$batch
    R_NOTE[$key]=$note
    echo " ${R_EPS[$key]} events/s (${R_ALL_EPS[$key]} with the drain)"
}

ROW_FORMAT='  %-16s %9s %9s %9s %8s %7s %10s %7s %10s %6s   %s\n'
row() { # key label
    if [[ ${R_OK[$1]:-0} -eq 1 ]]; then
        # shellcheck disable=SC2059
        printf "$ROW_FORMAT" "$2" "${R_EPS[$1]}" "${R_ALL_EPS[$1]}" "${R_EVENTS[$1]}" "${R_SECONDS[$1]}" \
            "${R_CPU_TOTAL[$1]}" "${R_CPU[$1]}" "${R_RSS[$1]}" "${R_SRV[$1]}" "${R_BATCH[$1]}" "${R_NOTE[$1]}"
    else
        printf '  %-16s %9s\n' "$2" "FAILED"
    fi
}

header() {
    # shellcheck disable=SC2059
    printf "$ROW_FORMAT" contender "events/s" "all ev/s" events "total s" "CPU s" "CPU s/10k" "RSS MB" \
        "srv s/10k" batch notes
}

ratio() { # key-a key-b -> events/s a / b with 2 decimals, or n/a
    if [[ ${R_OK[$1]:-0} -eq 1 && ${R_OK[$2]:-0} -eq 1 ]]; then
        awk -v a="${R_EPS[$1]}" -v b="${R_EPS[$2]}" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'
    else
        echo n/a
    fi
}

verdict() { # value target
    [[ $1 == n/a ]] && { echo "n/a"; return; }
    awk -v v="$1" -v t="$2" 'BEGIN { print (v >= t ? "MET" : "MISSED") }'
}

# ---------------------------------------------------------------------------------------------------------------

echo "dervisher bench, $(date -u +'%Y-%m-%d %H:%M UTC') on $(hostname): $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "commit $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet HEAD -- src bench 2>/dev/null || echo ' + local changes'), $("$JAVA" -version 2>&1 | head -1)"
echo "mode $MODE, ${DURATION} s of load per contender; dervisher: $RPM rpm, $SHARDS shards, --quiet, senders $SENDERS${DERVISHER_OPTS:+, $DERVISHER_OPTS}; bare loop: $SENDERS threads of pre-built 500-record PutRecords; one-put: 1 thread"
[[ " $TARGETS " == *" kinesis-local "* ]] && { want main || want http-clients; } \
    && echo "dervisher against kinesis-local only: ${KL_DERVISHER_OPTS:-(its defaults)}"
echo "JVM options for all: ${JAVA_OPTS:-(none)}; CPU and RSS from ${TIME:-/proc samples}${TIME:+ (GNU time) and /proc}; logs in ${RUN_DIR#"$ROOT"/}"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

if want main || want http-clients; then
    for target in $TARGETS; do
        case "$target" in
            kinesis-local) start_kinesis_local ;;
            instant) start_instant instant 0 ;;
        esac
    done
fi
want rtt && start_instant rtt "$RTT_MS"

if want main; then
    for target in $TARGETS; do
        echo "against $target:"
        if [[ $target == kinesis-local ]]; then
            run_contender "$target-dervisher" "$target" dervisher url "$KL_DERVISHER_OPTS"
        else
            run_contender "$target-dervisher" "$target" dervisher
        fi
        run_contender "$target-one-put" "$target" one-put
        run_contender "$target-bare-loop" "$target" bare-loop
        # last: with its defaults dervisher may leave kinesis-local busy with calls it gave up on
        [[ $target == kinesis-local && -n $KL_DERVISHER_OPTS ]] \
            && run_contender "$target-dervisher-defaults" "$target" dervisher
    done
fi
if want http-clients; then
    for target in $TARGETS; do
        echo "HTTP clients, bare loop against $target:"
        for client in $CLIENTS; do
            run_contender "$target-bare-$client" "$target" bare-loop "$client"
        done
    done
fi
if want rtt; then
    echo "against the rtt endpoint (+$RTT_MS ms a put):"
    run_contender rtt-bare-loop rtt bare-loop
    run_contender rtt-dervisher-default rtt dervisher
    run_contender rtt-dervisher-tuned rtt dervisher url "$TUNED_OPTS"
fi

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
cat <<LEGEND
events/s: events acknowledged within the ${DURATION} s load window / the window (the ratios use this);
all ev/s: all events delivered / total s, the drain of what was buffered or in flight at the deadline included
  (dervisher: its summary's elapsed); CPU s: the contender's whole process, user + sys, start-up included;
CPU s/10k: its CPU from the start of its measured phase to its exit, per 10,000 delivered events; RSS MB: its peak
  resident set; srv s/10k: the endpoint's CPU meanwhile, per 10,000 events; batch: records per PutRecords call
  (InstantKinesis endpoints only).
LEGEND
if want main; then
    for target in $TARGETS; do
        echo
        echo "== against $target =="
        header
        row "$target-dervisher" dervisher
        if [[ $target == kinesis-local && -n $KL_DERVISHER_OPTS ]]; then
            row "$target-dervisher-defaults" "(defaults)"
            echo "  dervisher: $KL_DERVISHER_OPTS; (defaults): the same with dervisher's defaults"
        fi
        row "$target-one-put" one-put
        row "$target-bare-loop" bare-loop
        r_bare=$(ratio "$target-dervisher" "$target-bare-loop")
        r_one=$(ratio "$target-dervisher" "$target-one-put")
        if [[ $target == kinesis-local ]]; then
            echo "  dervisher / bare-loop = $r_bare   (target >= 0.9: $(verdict "$r_bare" 0.9))$([[ -n $KL_DERVISHER_OPTS ]] && echo "; with the defaults: $(ratio "$target-dervisher-defaults" "$target-bare-loop")")"
            echo "  dervisher / one-put   = $r_one   (target >= 5: $(verdict "$r_one" 5))"
        else
            eps=${R_EPS[instant-dervisher]:-n/a}
            echo "  dervisher / bare-loop = $r_bare"
            echo "  dervisher / one-put   = $r_one"
            echo "  dervisher events/s    = $eps   (target >= 50000 on 2 cores: $(verdict "$eps" 50000))"
        fi
    done
fi
if want http-clients; then
    for target in $TARGETS; do
        echo
        echo "== HTTP clients: bare PutRecords loop, $SENDERS threads, against $target =="
        header
        for client in $CLIENTS; do
            row "$target-bare-$client" "$client"
        done
    done
fi
if want rtt; then
    echo
    echo "== against the rtt endpoint: every put answered after $RTT_MS ms =="
    header
    row rtt-bare-loop bare-loop
    row rtt-dervisher-default "dervisher"
    row rtt-dervisher-tuned "dervisher tuned"
    echo "  tuned: $TUNED_OPTS"
    echo "  dervisher / bare-loop = $(ratio rtt-dervisher-default rtt-bare-loop) with the defaults, $(ratio rtt-dervisher-tuned rtt-bare-loop) tuned"
fi
