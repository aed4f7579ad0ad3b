#!/usr/bin/env bash
# Serve optviz to a class: N Streamlit replicas on loopback ports, nginx in front of them with
# sticky sessions (deploy/nginx.conf). Runs in the foreground; Ctrl-C (or SIGTERM) stops everything,
# and if nginx or any replica exits, the rest is stopped too (so a supervisor can restart it whole).
#
#   deploy/serve.sh                        # replicas = CPU cores, http://<this machine>:8080
#   REPLICAS=4 PORT=80 deploy/serve.sh
#
# Settings (environment):
#   REPLICAS     app processes (default: number of CPU cores)
#   ADDRESS      address nginx listens on (default 0.0.0.0; 127.0.0.1 for this machine only)
#   PORT         port nginx listens on (default 8080)
#   APP_PORT     first replica's port; replica k listens on 127.0.0.1:APP_PORT+k (default 8501)
#   RUN_DIR      nginx prefix: config, pid, logs, temp files, replica logs (default: a new temp dir)
#   PYTHON       interpreter with the requirements (default: .venv/bin/python, else python3)
#   NGINX_BIN    nginx binary (default: nginx on PATH, else /usr/sbin/nginx)
#   NGINX_USER   user for nginx's workers when started as root (default www-data, else nobody)
#   HEALTH_WAIT  seconds to wait for each replica to come up (default 90)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

REPLICAS=${REPLICAS:-$(nproc)}
ADDRESS=${ADDRESS:-0.0.0.0}
PORT=${PORT:-8080}
APP_PORT=${APP_PORT:-8501}
HEALTH_WAIT=${HEALTH_WAIT:-90}
if [ -z "${PYTHON:-}" ]; then
  if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
unset NGINX                     # nginx itself reads $NGINX (inherited sockets)
NGINX_BIN=${NGINX_BIN:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$NGINX_BIN" ] || { echo "serve.sh: nginx not found (apt-get install -y nginx)" >&2; exit 1; }
RUN_DIR=${RUN_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/optviz-serve.XXXXXX")}
mkdir -p "$RUN_DIR/logs" "$RUN_DIR/tmp"
RUN_DIR=$(cd "$RUN_DIR" && pwd)

if [ "$(id -u)" -eq 0 ]; then
  if [ -z "${NGINX_USER:-}" ]; then
    if id www-data >/dev/null 2>&1; then NGINX_USER=www-data; else NGINX_USER=nobody; fi
  fi
  chmod 755 "$RUN_DIR" "$RUN_DIR/tmp"          # the workers reach their temp files through it
  user_line="user $NGINX_USER;"
else
  user_line=""                                 # workers run as whoever starts nginx
fi

# All replicas share one cookie secret, so any of them accepts the others' XSRF cookies.
STREAMLIT_SERVER_COOKIE_SECRET=${STREAMLIT_SERVER_COOKIE_SECRET:-$("$PYTHON" -c 'import secrets; print(secrets.token_hex(32))')}
export STREAMLIT_SERVER_COOKIE_SECRET

pids=()
stop_all() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap 'stop_all; exit 143' INT TERM
trap stop_all EXIT

replicas=()
for ((k = 0; k < REPLICAS; k++)); do
  port=$((APP_PORT + k))
  "$PYTHON" -m streamlit run app.py \
      --server.headless true --server.address 127.0.0.1 --server.port "$port" \
      --server.fileWatcherType none --server.runOnSave false --browser.gatherUsageStats false \
      --client.toolbarMode viewer --logger.level warning \
      >"$RUN_DIR/logs/replica-$port.log" 2>&1 &
  pids+=($!)
  echo $! >"$RUN_DIR/replica-$port.pid"
  replicas+=("127.0.0.1:$port")
done

for r in "${replicas[@]}"; do
  "$PYTHON" - "$r" "$HEALTH_WAIT" <<'EOF' || { echo "serve.sh: replica $r did not start, see $RUN_DIR/logs" >&2; exit 1; }
import sys, time, urllib.request
addr, wait = sys.argv[1], float(sys.argv[2])
deadline = time.monotonic() + wait
while time.monotonic() < deadline:
    try:
        if urllib.request.urlopen(f"http://{addr}/_stcore/health", timeout=2).read().strip() == b"ok":
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.3)
sys.exit(1)
EOF
done

# deploy/nginx.conf with its fields filled: one "server" line per replica.
awk -v user_line="$user_line" -v listen="$ADDRESS:$PORT" -v replicas="${replicas[*]}" '
  /^user @USER@;/ { if (user_line != "") print user_line; next }
  /@REPLICA@/     { n = split(replicas, r, " "); for (i = 1; i <= n; i++) { line = $0; sub(/@REPLICA@/, r[i], line); print line }; next }
                  { gsub(/@LISTEN@/, listen); print }
' deploy/nginx.conf >"$RUN_DIR/nginx.conf"

"$NGINX_BIN" -t -q -p "$RUN_DIR/" -c "$RUN_DIR/nginx.conf" -e "$RUN_DIR/logs/error.log"
"$NGINX_BIN" -p "$RUN_DIR/" -c "$RUN_DIR/nginx.conf" -e "$RUN_DIR/logs/error.log" &
pids+=($!)
echo "optviz: ${#replicas[@]} replicas behind http://$ADDRESS:$PORT (logs and config in $RUN_DIR)"

status=0
wait -n "${pids[@]}" || status=$?    # the first part to stop takes the rest down with it
echo "serve.sh: a process exited with status $status; stopping" >&2
exit "$status"
