#!/usr/bin/env bash
# Builds the example femto-containers and the image test fixtures. Each source
# directory below has an output directory; every SRC/X.c becomes
#   OUT/X.o   the clang eBPF ELF object
#   OUT/X.bin the raw program: the bytes of the object's .text section, which is
#             what the femto4j verifier and VM load as raw bytecode (entry at
#             instruction 0). Only for objects that a raw program can express:
#             no relocations, no .data/.rodata/.bss, code only in .text. Other
#             objects (globals, strings, calls between functions, named
#             sections) get no .bin; the femto4j image loader reads the .o.
#
#   sdk/examples                 -> sdk/examples
#   bundles/runtime/src/test/c   -> bundles/runtime/src/test/resources/elf
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
# A source may add flags of its own on a line containing "BUILD_FLAGS: <flags>"
# (e.g. a fixture built for -mcpu=v1, or with -g); they come after the flags
# above, so a later -mcpu wins.
# Each file is compiled from inside its directory by its bare name, so the only
# name recorded in the object (its STT_FILE symbol) is "X.c", wherever the
# checkout is. With the same clang the objects are then identical bytes.
# The checked-in objects were built with Debian clang 14.0.6 (Debian 12); another
# clang release may emit different code, which --check reports as a difference.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# -I: the SDK header (sdk/include/femto4j.h); without -g no path lands in the object.
CFLAGS=(-O2 -target bpf -mcpu=v3 -ffreestanding -I"$here/../include")

# Source directory and output directory, relative to the repository root.
TARGETS=(
    "sdk/examples:sdk/examples"
    "bundles/runtime/src/test/c:bundles/runtime/src/test/resources/elf"
)

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

# extra_flags FILE: the flags after "BUILD_FLAGS:" in FILE, if any.
extra_flags() {
    sed -n 's/.*BUILD_FLAGS:[[:space:]]*\([^*]*\).*/\1/p' "$1" | head -n 1
}

# raw_expressible OBJ: true if OBJ has no relocations, no data sections and no
# executable section other than .text, so that its .text alone is the program.
raw_expressible() {
    local sections
    sections="$("$READELF" -S --wide "$1")"
    if grep -Eq '[[:space:]]\.(rel|rela)[^[:space:]]*[[:space:]]' <<<"$sections"; then
        return 1
    fi
    if grep -Eq '[[:space:]]\.(data|rodata|bss)[^[:space:]]*[[:space:]]' <<<"$sections"; then
        return 1
    fi
    # Section lines look like "[ 2] NAME TYPE ADDR OFF SIZE ES FLG ...": an
    # executable section has X among its flags.
    if awk '/^ *\[ *[0-9]+\]/ { sub(/^ *\[ *[0-9]+\] */, ""); if ($7 ~ /X/ && $1 != ".text") found = 1 }
            END { exit found ? 0 : 1 }' <<<"$sections"; then
        return 1
    fi
    return 0
}

# build SRCDIR OUT: compiles every SRCDIR/*.c into OUT.
build() {
    local srcdir="$1" out="$2" src name size
    local -a flags
    shopt -s nullglob
    local sources=("$srcdir"/*.c)
    shopt -u nullglob
    [ "${#sources[@]}" -gt 0 ] || die "no .c files in $srcdir"
    for src in "${sources[@]}"; do
        name="$(basename "$src" .c)"
        read -r -a flags <<<"$(extra_flags "$src")" || true
        (cd "$srcdir" && "$CLANG" "${CFLAGS[@]}" ${flags[@]+"${flags[@]}"} -c "$name.c" -o "$out/$name.o") \
            || die "$name.c: compilation failed"
        # The .bin carries .text alone: an object that needs another section or a
        # relocation (globals, string constants, calls to other functions, maps)
        # cannot be expressed in it, so it gets none.
        raw_expressible "$out/$name.o" || continue
        "$OBJCOPY" -O binary --only-section=.text "$out/$name.o" "$out/$name.bin" \
            || die "$name.o: extracting .text failed"
        size="$(wc -c <"$out/$name.bin")"
        [ "$size" -gt 0 ] || die "$name.bin is empty: is the code in section .text?"
        [ $((size % 8)) -eq 0 ] || die "$name.bin is $size bytes, not a multiple of 8"
    done
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

mode="${1:-}"
case "$mode" in
    ""|--check) ;;
    *) die "unknown argument '$1' (usage: build.sh [--check])" ;;
esac

failed=0
total=0
for target in "${TARGETS[@]}"; do
    srcrel="${target%%:*}"
    outrel="${target#*:}"
    srcdir="$root/$srcrel"
    outdir="$root/$outrel"
    work="$tmp/$(echo "$outrel" | tr '/' '_')"
    if [ -z "$mode" ]; then
        mkdir -p "$work/out" "$outdir"
        build "$srcdir" "$work/out"
        for f in "$work"/out/*; do
            cp "$f" "$outdir/"
            echo "built $outrel/$(basename "$f") ($(wc -c <"$f") bytes)"
        done
        continue
    fi
    mkdir -p "$work/a" "$work/b"
    build "$srcdir" "$work/a"
    build "$srcdir" "$work/b"
    for f in "$work"/a/*; do
        name="$(basename "$f")"
        total=$((total + 1))
        if ! cmp -s "$f" "$work/b/$name"; then
            echo "build.sh --check: two builds of $outrel/$name differ: the build is not deterministic" >&2
            failed=1
        fi
        if [ ! -f "$outdir/$name" ]; then
            echo "build.sh --check: $outrel/$name is missing: run sdk/examples/build.sh and commit it" >&2
            failed=1
        elif ! cmp -s "$f" "$outdir/$name"; then
            echo "build.sh --check: $outrel/$name differs from a fresh build with" \
                 "$("$CLANG" --version | head -n 1): run sdk/examples/build.sh and commit it" >&2
            failed=1
        fi
    done
    shopt -s nullglob
    for f in "$outdir"/*.o "$outdir"/*.bin; do
        name="$(basename "$f")"
        if [ ! -f "$work/a/$name" ]; then
            if [ -f "$srcdir/${name%.*}.c" ]; then
                echo "build.sh --check: $outrel/$name is not built from ${name%.*}.c (a .bin only" \
                     "exists for objects without relocations or data): remove it" >&2
            else
                echo "build.sh --check: $outrel/$name has no source $srcrel/${name%.*}.c: remove it" >&2
            fi
            failed=1
        fi
    done
    shopt -u nullglob
done

if [ "$mode" = --check ]; then
    [ "$failed" -eq 0 ] || exit 1
    echo "build.sh --check: $total files in ${#TARGETS[@]} directories match a fresh, deterministic build"
fi
