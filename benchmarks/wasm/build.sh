#!/usr/bin/env bash
# Builds benchmarks/wasm/fletcher32.wasm: sdk/examples/fletcher32.c (the same C
# function the eBPF benchmarks run) compiled to wasm32 for the Chicory
# benchmarks. The checked-in .wasm is what the benchmarks load (the Maven build
# copies it into the benchmarks jar); this script only rebuilds or checks it.
#
# Usage:
#   benchmarks/wasm/build.sh          rebuild the checked-in fletcher32.wasm
#   benchmarks/wasm/build.sh --check  build twice into temporary directories and
#                                     fail if the builds differ or differ from
#                                     the checked-in fletcher32.wasm
#
# Needs clang (Debian package clang) and wasm-ld (Debian package lld). The
# checked-in file was built with Debian clang 14.0.6 / lld 14 (Debian 12).
#
# Flags:
#   --target=wasm32        32-bit WebAssembly, no OS (freestanding).
#   -O2                    as for the eBPF build.
#   -ffreestanding         <stdint.h> from clang itself, no libc headers.
#   -nostdlib              no libc, no crt: the module is just the function.
#   -Wl,--no-entry         a library module: no _start.
#   -Wl,--export=fletcher32  export the function (and memory, exported by default).
#   -Wl,-z,stack-size=1024 a small stack region (the function uses no stack):
#                          wasm-ld puts the stack pointer at 2048.
#   -Wl,--initial-memory / --max-memory: one 64 KiB page; the benchmarks write
#                          the input at address 4096, above the stack.
#   -Wl,--strip-all        no name section.
# Signature: fletcher32(i32 ptr, i64 len) -> i32 (the C takes a pointer and a
# uint64_t length). clang unrolls the word loop 4x for wasm32 (it does not for
# eBPF); the algorithm and the result are the same.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
src_dir="$(cd "$here/../../sdk/examples" && pwd)"
CFLAGS=(--target=wasm32 -O2 -ffreestanding -nostdlib
        -Wl,--no-entry -Wl,--export=fletcher32
        -Wl,-z,stack-size=1024 -Wl,--initial-memory=65536 -Wl,--max-memory=65536
        -Wl,--strip-all)

die() { echo "wasm/build.sh: $*" >&2; exit 1; }
command -v clang >/dev/null 2>&1 || die "clang not found (Debian package clang)"
command -v wasm-ld >/dev/null 2>&1 || die "wasm-ld not found (Debian package lld)"

build() { # OUTDIR
    (cd "$src_dir" && clang "${CFLAGS[@]}" -o "$1/fletcher32.wasm" fletcher32.c)
}

if [ "${1:-}" = "--check" ]; then
    a="$(mktemp -d)"; b="$(mktemp -d)"
    trap 'rm -rf "$a" "$b"' EXIT
    build "$a"; build "$b"
    cmp -s "$a/fletcher32.wasm" "$b/fletcher32.wasm" || die "two builds differ: the build is not deterministic"
    [ -f "$here/fletcher32.wasm" ] || die "benchmarks/wasm/fletcher32.wasm is missing: run benchmarks/wasm/build.sh"
    cmp -s "$a/fletcher32.wasm" "$here/fletcher32.wasm" \
        || die "benchmarks/wasm/fletcher32.wasm differs from a rebuild: run benchmarks/wasm/build.sh and commit it"
    echo "wasm/build.sh: fletcher32.wasm is up to date"
elif [ $# -eq 0 ]; then
    build "$here"
    echo "wasm/build.sh: built $here/fletcher32.wasm ($(wc -c < "$here/fletcher32.wasm") bytes)"
else
    die "usage: $0 [--check]"
fi
