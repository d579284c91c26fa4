/*
 * Image fixture: several functions in several executable sections, calling
 * each other with BPF-to-BPF calls.
 *   .text         add3, fact (global), twice (static), main_entry
 *   hooks/timer   on_timer (global), local_in_hook (static)
 *   hooks/net     on_net (global)
 * Calls to global functions carry an R_BPF_64_32 relocation against the
 * function symbol; calls to a static function in another section carry one
 * against that section's symbol; calls to a static function in the same
 * section are resolved by clang (no relocation).
 */
#include <stdint.h>

__attribute__((noinline)) uint64_t add3(uint64_t a, uint64_t b, uint64_t c)
{
    return a + b + c;
}

__attribute__((noinline)) static uint64_t twice(uint64_t a)
{
    return add3(a, a, 0);
}

__attribute__((noinline)) uint64_t fact(uint64_t n)
{
    return n <= 1 ? 1 : n * fact(n - 1);
}

__attribute__((section("hooks/timer"), noinline)) static uint64_t local_in_hook(uint64_t x)
{
    return x ^ 0x55;
}

__attribute__((section("hooks/timer"))) uint64_t on_timer(uint64_t x)
{
    return twice(x) + fact(x & 7);
}

__attribute__((section("hooks/net"))) uint64_t on_net(uint64_t x)
{
    return local_in_hook(x) + add3(x, 1, 2);
}

uint64_t main_entry(uint64_t x)
{
    return twice(x) + local_in_hook(x);
}
