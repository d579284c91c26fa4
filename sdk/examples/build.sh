#!/usr/bin/env bash
# Builds the example femto-containers: every sdk/examples/X.c becomes
#   X.o   the clang eBPF ELF object
#   X.bin the raw program: the bytes of the object's .text section, which is
#         what the femto4j verifier and VM load (entry at instruction 0)
#
# Usage:
#   sdk/examples/build.sh          rebuild the checked-in X.o / X.bin in place
#   sdk/examples/build.sh --check  rebuild twice into temporary directories and
#                                  fail if the two builds differ (non-deterministic
#                                  build) or if any checked-in X.o / X.bin differs
#                                  from the rebuild, is missing, or has no X.c
#
# Compiler flags:
#   -O2                 optimised code, the usual level for eBPF programs.
#   -target bpf         little-endian eBPF (bpfel on this little-endian host).
#   -mcpu=v3            adds the 32-bit ALU (w registers) and JMP32 of RFC 9669 to
#                       v1/v2. Our ISA and verifier cover CPU v1 to v4, and for
#                       uint32_t arithmetic v3 needs no 64-bit masks: fletcher32
#                       is 41 one-slot instructions with v3 against 48 slots
#                       (three of them lddw) with v2 and 50 with v1, at the same
#                       8 instructions per input word. clang 14 has no v4.
#                       (The upstream C VM has no 32-bit ALU: code for it would
#                       need -mcpu=v1.)
#   -ffreestanding      no hosted C library: <stdint.h> then comes from clang
#                       itself instead of the host's libc headers, which have no
#                       eBPF variant, and the output does not depend on them.
#   no -g               no debug sections (and no absolute paths) in the object.
# Each file is compiled from inside sdk/examples by its bare name, so the only
# name recorded in the object (its STT_FILE symbol) is "X.c", wherever the
# checkout is. With the same clang the objects are then identical bytes.
# The checked-in objects were built with Debian clang 14.0.6 (Debian 12); another
# clang release may emit different code, which --check reports as a difference.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
CFLAGS=(-O2 -target bpf -mcpu=v3 -ffreestanding)

die() { echo "build.sh: $*" >&2; exit 1; }

# First of the candidate commands that exists.
find_tool() {
    local t
    for t in "$@"; do
        if command -v "$t" >/dev/null 2>&1; then
            echo "$t"
            return 0
        fi
    done
    return 1
}

CLANG="$(find_tool clang clang-14)" || die "clang not found (Debian: apt-get install clang)"
OBJCOPY="$(find_tool llvm-objcopy llvm-objcopy-14)" || die "llvm-objcopy not found (Debian: apt-get install llvm)"
READELF="$(find_tool llvm-readelf llvm-readelf-14)" || die "llvm-readelf not found (Debian: apt-get install llvm)"

# build OUTDIR: compiles every example into OUTDIR.
build() {
    local out="$1" src name sections
    shopt -s nullglob
    local sources=("$here"/*.c)
    shopt -u nullglob
    [ "${#sources[@]}" -gt 0 ] || die "no .c files in $here"
    for src in "${sources[@]}"; do
        name="$(basename "$src" .c)"
        (cd "$here" && "$CLANG" "${CFLAGS[@]}" -c "$name.c" -o "$out/$name.o") \
            || die "$name.c: compilation failed"
        # The .bin carries .text alone: anything that needs another section or a
        # relocation (globals, string constants, calls to other functions, maps)
        # cannot be expressed in it, so such an object is refused here.
        sections="$("$READELF" -S --wide "$out/$name.o")"
        if grep -Eq '[[:space:]]\.(rel|rela)[.A-Za-z0-9_]*[[:space:]]' <<<"$sections"; then
            die "$name.o has relocations; a raw .bin cannot carry them (no globals, strings or calls)"
        fi
        if grep -Eq '[[:space:]]\.(data|rodata|bss)[.A-Za-z0-9_]*[[:space:]]' <<<"$sections"; then
            die "$name.o has .data/.rodata/.bss; a raw .bin carries only .text"
        fi
        "$OBJCOPY" -O binary --only-section=.text "$out/$name.o" "$out/$name.bin" \
            || die "$name.o: extracting .text failed"
        local size
        size="$(wc -c <"$out/$name.bin")"
        [ "$size" -gt 0 ] || die "$name.bin is empty: is the code in section .text?"
        [ $((size % 8)) -eq 0 ] || die "$name.bin is $size bytes, not a multiple of 8"
    done
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

case "${1:-}" in
    "")
        mkdir "$tmp/out"
        build "$tmp/out"
        for f in "$tmp"/out/*; do
            cp "$f" "$here/"
            echo "built sdk/examples/$(basename "$f") ($(wc -c <"$f") bytes)"
        done
        ;;
    --check)
        mkdir "$tmp/a" "$tmp/b"
        build "$tmp/a"
        build "$tmp/b"
        failed=0
        for f in "$tmp"/a/*; do
            name="$(basename "$f")"
            if ! cmp -s "$f" "$tmp/b/$name"; then
                echo "build.sh --check: two builds of $name differ: the build is not deterministic" >&2
                failed=1
            fi
            if [ ! -f "$here/$name" ]; then
                echo "build.sh --check: sdk/examples/$name is missing: run sdk/examples/build.sh and commit it" >&2
                failed=1
            elif ! cmp -s "$f" "$here/$name"; then
                echo "build.sh --check: sdk/examples/$name differs from a fresh build with" \
                     "$("$CLANG" --version | head -n 1): run sdk/examples/build.sh and commit it" >&2
                failed=1
            fi
        done
        shopt -s nullglob
        for f in "$here"/*.o "$here"/*.bin; do
            name="$(basename "$f")"
            if [ ! -f "$tmp/a/$name" ]; then
                echo "build.sh --check: sdk/examples/$name has no source ${name%.*}.c: remove it" >&2
                failed=1
            fi
        done
        shopt -u nullglob
        [ "$failed" -eq 0 ] || exit 1
        echo "build.sh --check: $(ls "$tmp/a" | wc -l) files in sdk/examples match a fresh, deterministic build"
        ;;
    *)
        die "unknown argument '$1' (usage: build.sh [--check])"
        ;;
esac
