#!/usr/bin/env bash
# What a new user does, outside this repository: copy the template crate to a fresh
# folder, point its two dependencies at this checkout, check its spec with the command,
# build it with warnings denied, lint it, and run it (it logs into a local server with
# the async and the blocking client). Then turn the runtime's default features off and
# add a spec with a websocket: the build must fail with messages naming the features.
#
# It shares the workspace's target folder (CARGO_TARGET_DIR, `target/` by default), so
# the dependencies compiled for the workspace are not compiled again for their own sake.
set -euo pipefail

repo="$(cd "$(dirname "$0")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$repo/target}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
crate="$work/your-crate"
cp -r "$repo/tests/outside/template" "$crate"
sed -i "s|LOGINSPEC|$repo|g" "$crate/Cargo.toml"
cp "$repo/Cargo.lock" "$crate/Cargo.lock"
cd "$crate"

step() { printf '\n== outside: %s\n' "$*"; }

step "the command, from the crate's folder: schema next to the specs, then check"
cargo run --quiet --manifest-path "$repo/Cargo.toml" -p loginspec-codegen -- \
  schema --out specs/loginspec.schema.json
cargo run --quiet --manifest-path "$repo/Cargo.toml" -p loginspec-codegen -- check

step "build with warnings denied"
# `cargo rustc -- -D warnings` denies them in the crate (and so in the generated code
# it includes) only: RUSTFLAGS would also change how every dependency is built, and
# compile them all again.
cargo rustc --quiet -- -D warnings

step "clippy with -D warnings"
cargo clippy --quiet -- -D warnings

step "run: log in against a local server, blocking and async"
cargo run --quiet

step "a runtime without its default features, and a spec with a websocket"
cp "$repo/codegen/tests/fixtures/ok/websocket.yaml" specs/
sed -i 's|^loginspec-runtime = { path = "\(.*\)" }$|loginspec-runtime = { path = "\1", default-features = false }|' Cargo.toml
grep -q 'default-features = false' Cargo.toml
if cargo build --quiet 2>"$work/mismatch.txt"; then
  echo "the build must fail when the runtime lacks a feature the generated code needs" >&2
  exit 1
fi
for feature in blocking websocket; do
  if ! grep -q "needs the \`$feature\` feature of loginspec-runtime" "$work/mismatch.txt"; then
    echo "no compile error names the \`$feature\` feature; the build said:" >&2
    cat "$work/mismatch.txt" >&2
    exit 1
  fi
done
grep -F "loginspec-runtime" "$work/mismatch.txt" | grep -F "error" | sort -u

echo
echo "outside: 5 passed, 0 failed"
