# Shared by scripts/run, scripts/test and scripts/bench (sourced, not executed).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# node_modules/.bin first: its wasm-opt (binaryen 132) is the one every build must use.
export PATH="$ROOT/node_modules/.bin:${ATT_TOOLS_ROOT:-$HOME/.cargo}/bin:$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# Nothing after scripts/bootstrap downloads anything: it fetched every crate (the workspace's
# and std's, for the release wasm's -Zbuild-std) and node package the builds need, so cargo and
# npm run offline here, and a build that needs something bootstrap did not fetch stops at once
# rather than working on a machine that happens to have it. Trunk (`trunk serve`, development
# only) likewise uses the tools bootstrap installed and never downloads its own.
export CARGO_NET_OFFLINE=true npm_config_offline=true
export TRUNK_OFFLINE=true TRUNK_SKIP_VERSION_CHECK=true

# ensure_bootstrap [--test]: scripts/bootstrap checks every tool first and installs only what is
# missing (about a second when all is there), so it simply runs every time. Without --test, only
# what scripts/run needs.
ensure_bootstrap() {
  "$ROOT/scripts/bootstrap" "$@"
}

# The release wasm artefacts (the standalone app's and scripts/build-embed's) are built with a pinned
# nightly, installed by scripts/bootstrap: std rebuilt for size with panics that abort at once
# (no panic messages or formatting machinery in the wasm), and Leptos's `erase_components`
# (type-erased views: fewer monomorphised copies). Measured on the embed wasm, brotli: 252.4 KB
# on stable, 233.6 KB with the first two, 213.9 KB with all three. Everything else (the crate
# as Leptos users build it, clippy, every test) stays on stable; the nightly builds go to their
# own target directory, so neither invalidates the other's. std's `optimize_for_size` (its smaller
# sorts, formatting and collections code): embed main wasm 185.2 -> 183.3 KB brotli, chunks 83.6 ->
# 82.2 KB (issue 36, item 3; -Zlocation-detail=none and -Zfmt-debug=none measured and left out).
RELEASE_TOOLCHAIN="nightly-2026-10-29"
release_wasm() {
  RUSTUP_TOOLCHAIN="$RELEASE_TOOLCHAIN" CARGO_TARGET_DIR="$ROOT/target/release-wasm" \
    CARGO_UNSTABLE_BUILD_STD="std,panic_abort" CARGO_UNSTABLE_BUILD_STD_FEATURES="optimize_for_size" \
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort --cfg erase_components" "$@"
}

# wasm-opt's parameters besides -Oz, for every release wasm. -ocimfs 50: a function of more than 50
# units with one caller stays out of line, where binaryen would inline every such function. The
# wasm is smaller (embed -1.1 KB, standalone -2.2 KB brotli; 25, 100 and 1000 measured a little
# larger), and a load compiles less code before its rows (329 -> 308 KB: V8 compiles a function
# whole at its first call, and an inlined cold path, such as the dialogs, rides along).
WASM_OPT_PARAMS="-ocimfs 50"

# wasm_opt WASM...: each wasm through wasm-opt -Oz (binaryen 132, from npm), in place.
# What it says goes to the terminal only when it fails (every chunk fresh from wasm-split-cli
# draws a warning about a name subsection it does not know, which it drops).
wasm_opt() {
  local f said
  for f in "$@"; do
    # shellcheck disable=SC2086 # WASM_OPT_PARAMS is words
    said="$(wasm-opt -Oz $WASM_OPT_PARAMS --enable-bulk-memory --enable-nontrapping-float-to-int \
      --enable-sign-ext --enable-reference-types --enable-multivalue --enable-mutable-globals \
      "$f" -o "$f" 2>&1)" || { echo "wasm-opt $f: $said" >&2; return 1; }
  done
}

# wasm_bindgen_opt WASM OUT NAME: wasm-bindgen's web module of a release wasm into OUT, then its
# wasm through wasm-opt. For the bench's Leptos floor (the tab's doors split theirs, below).
wasm_bindgen_opt() {
  local wasm="$1" out="$2" name="$3"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$name" "$wasm" &&
    wasm_opt "$out/${name}_bg.wasm"
}

# The dialogs' code in chunks of their own (the crate's `split` feature, src/components/dialogs.rs:
# Chunk), fetched after the first rows: the first load carries the list only. The release wasm
# is linked with its relocations (SPLIT_LINK_ARGS, for the final crate only: nothing else is
# rebuilt) so that wasm-split-cli (wasm_split_cli_support, installed by scripts/bootstrap) can
# cut out what only a split point reaches.
SPLIT_LINK_ARGS=(-- -Clink-arg=--emit-relocs)

# wasm_split_bindgen_opt WASM OUT NAME: as wasm_bindgen_opt, for a wasm built with `split` and
# SPLIT_LINK_ARGS: wasm-split-cli cuts it into the main wasm, the chunks (split_DIALOG.wasm for
# each split point, chunk_N.wasm for code several share) and their loader __wasm_split.js;
# wasm-bindgen keeps the exports the chunks link against (--keep-lld-exports); every part goes
# through wasm-opt. OUT gets NAME.js, NAME_bg.wasm, __wasm_split.js and the chunks.
wasm_split_bindgen_opt() {
  local wasm="$1" out="$2" name="$3" cut
  cut="$(mktemp -d)"
  wasm-split-cli --target web --out-name "$name" "$wasm" "$cut" >/dev/null &&
    wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir "$out" \
      --out-name "$name" "$cut/$name.wasm" &&
    find "$cut" -maxdepth 1 \( -name '__wasm_split.js' -o -name 'split_*.wasm' -o -name 'chunk_*.wasm' \) \
      -exec cp -t "$out" {} + &&
    wasm_opt "$out"/*.wasm
  local rc=$?
  rm -rf "$cut"
  return "$rc"
}

# build_standalone DIST: the standalone app (src/main.rs) into DIST, made anew (after
# `cargo build --release -p api-tokens-dist`, as build_release does): the release wasm
# (with index.html's data-cargo-no-default-features: English only, the other catalogs fetched),
# wasm-bindgen and wasm-opt as for the embed, then build/dist (api-tokens-dist) does what Trunk
# did for the release build: hashed names, minified stylesheets, public/ copied, index.html with
# the app's script (Trunk.toml's pattern_script) and preloads. No Trunk: it cannot split the wasm
# (trunk-rs/trunk#1022), and scripts/run need not compile it (9 minutes on a new machine).
build_standalone() {
  local dist="$1" stage="$ROOT/target/release-wasm/standalone"
  release_wasm cargo rustc --release --locked --quiet --target wasm32-unknown-unknown \
    --bin api-tokens-tab --no-default-features --features split "${SPLIT_LINK_ARGS[@]}" &&
    rm -rf "$stage" && mkdir -p "$stage" &&
    wasm_split_bindgen_opt "$ROOT/target/release-wasm/wasm32-unknown-unknown/release/api-tokens-tab.wasm" \
      "$stage" api-tokens-tab &&
    "$ROOT/target/release/api-tokens-dist" "$ROOT" "$stage" api-tokens-tab "$dist"
}

# build_leptos_host DIST: examples/leptos-host (a vendor's Leptos app with the tab on one of its
# routes) into DIST/examples/leptos-host/, served beside the other examples: its release wasm
# (the tab with its default features, as a vendor builds it) in target/release-wasm, whose
# dependencies the tab's own release builds compiled already, then wasm-bindgen, wasm-opt and
# build/dist as for the standalone app, under the public URL it is served at.
build_leptos_host() {
  local dist="$1" stage="$ROOT/target/release-wasm/leptos-host"
  release_wasm cargo build --release --locked --quiet --target wasm32-unknown-unknown -p leptos-host &&
    rm -rf "$stage" && mkdir -p "$stage" &&
    wasm_bindgen_opt "$ROOT/target/release-wasm/wasm32-unknown-unknown/release/leptos-host.wasm" \
      "$stage" leptos-host &&
    "$ROOT/target/release/api-tokens-dist" "$ROOT/examples/leptos-host" "$stage" leptos-host \
      "$dist/examples/leptos-host" /examples/leptos-host/
}

# The release artefacts scripts/run serves: the standalone tab and the embed in dist/, and the
# release backend. The backend (native, target/) compiles beside the wasm builds
# (target/release-wasm/), whose long single-threaded link would leave a core idle.
build_release() {
  local backend_log="$ROOT/target/build-backend.log" backend rc=0
  cargo build --release --locked --quiet -p api-tokens-dist || return 1
  echo "[build] api-tokens-backend (release), beside the wasm builds"
  cargo build --release --locked --quiet -p api-tokens-backend >"$backend_log" 2>&1 &
  backend=$!
  echo "[build] the tab (release, $RELEASE_TOOLCHAIN, wasm-opt -Oz) into dist/"
  build_standalone dist &&
    echo "[build] the embed (dist/embed, dist/examples/vendor-app)" &&
    "$ROOT/scripts/build-embed" dist &&
    echo "[build] the Leptos host (dist/examples/leptos-host)" &&
    build_leptos_host dist &&
    echo "[build] the npm package (dist/npm, npm pack into dist/pack) and the React host (dist/examples/react-host)" &&
    "$ROOT/scripts/package" dist &&
    echo "[build] precompressed .br and .gz beside dist's assets" &&
    precompress dist || rc=1
  if ! wait "$backend"; then
    echo "[build] api-tokens-backend (release) failed:" >&2
    cat "$backend_log" >&2
    rc=1
  fi
  return "$rc"
}

# precompress DIR: writes FILE.br (brotli -q 11) and FILE.gz (gzip -9, no name or time in the
# header) beside every js, mjs, wasm, css, html, json, svg and txt file under DIR, for the
# backend to serve by Accept-Encoding. Both get the file's own mtime (so every variant has the
# same Last-Modified); a file whose .br and .gz are not older than it is skipped, so compressing
# a tree twice costs nothing, and stale ones are overwritten. config.json is left alone: it is
# the operator's to write after the build, and a stale config.json.br would be served instead.
precompress() {
  local dir="$1" f
  while IFS= read -r -d '' f; do
    if [ -e "$f.br" ] && [ -e "$f.gz" ] && [ ! "$f" -nt "$f.br" ] && [ ! "$f" -nt "$f.gz" ]; then
      continue
    fi
    brotli -q 11 -k -f -o "$f.br" -- "$f" && gzip -9 -k -n -f -- "$f" &&
      touch -r "$f" -- "$f.br" "$f.gz" || return 1
  done < <(find "$dir" -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.wasm' -o -name '*.css' \
    -o -name '*.html' -o -name '*.json' -o -name '*.svg' -o -name '*.txt' \) ! -name config.json -print0)
}

# free_port: a TCP port nobody listens on at 127.0.0.1 just now (PostgreSQL's throwaway
# cluster, the e2e's webhook receiver).
free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

# Servers are started with `--listen 127.0.0.1:0`: the kernel picks a free port as the server
# binds it (no port chosen here and released for someone else to take first), and the server
# says which: `api-tokens-backend listening on http://127.0.0.1:PORT`.
#
# listening_url LOG PID [SECONDS] [SAYS]: waits until LOG holds that line and prints the URL.
# Fails (exit 1, with a line saying why) once process PID has exited, or after SECONDS
# (default 30). SAYS: the words before the URL, for another server (scripts/dev's "api-tokens-tab
# dev server on").
listening_url() {
  local log="$1" pid="$2" limit="${3:-30}" says="${4:-api-tokens-backend listening on}" start=$SECONDS url
  while :; do
    url="$(sed -n "s|^$says \\(http:[^ ]*\\)\$|\\1|p" "$log" 2>/dev/null | head -n 1)"
    if [ -n "$url" ]; then
      echo "$url"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the server (pid $pid) exited before it was listening; see $log" >&2
      return 1
    fi
    if [ $((SECONDS - start)) -ge "$limit" ]; then
      echo "the server (pid $pid) was not listening after ${limit}s; see $log" >&2
      return 1
    fi
    sleep 0.1
  done
}
