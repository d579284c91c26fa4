/*
 * Image fixture: an object with BTF, BTF.ext and DWARF sections (and
 * relocations in them), all of which the image loader must ignore. No
 * #include, so that the debug information names no directory of this
 * machine: -fdebug-compilation-dir=. records "." as the build directory.
 * BUILD_FLAGS: -g -fdebug-compilation-dir=.
 */
typedef unsigned long long u64;

static const char label[] = "debug";
u64 calls;

__attribute__((noinline)) static u64 label_char(u64 i)
{
    return (unsigned char)label[i % 5];
}

u64 traced(u64 x)
{
    calls++;
    return label_char(x) + calls;
}
