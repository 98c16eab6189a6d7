# Shared by scripts/run, scripts/test and scripts/bench (sourced, not executed).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# node_modules/.bin first: its wasm-opt (binaryen 132) is the one Trunk must use.
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_OFFLINE=true TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

# scripts/bootstrap checks every tool first and installs only what is missing (about a second
# when all is there), so it simply runs every time.
ensure_bootstrap() {
  "$ROOT/scripts/bootstrap"
}

# A free TCP port on 127.0.0.1, chosen by the kernel.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Waits until URL answers 200, or fails after $2 seconds (default 30).
wait_http() {
  local url="$1" limit="${2:-30}" i=0
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    i=$((i + 1))
    if [ "$i" -gt $((limit * 10)) ]; then return 1; fi
    sleep 0.1
  done
}
