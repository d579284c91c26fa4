/*
 * Image fixture: every kind of data a femto-container can carry.
 *   .data          counter, table (initialised, writable)
 *   .data.custom   custom_word (a named data section, merged into the data region)
 *   .bss           scratch, last_result (zero-initialised, placed after .data)
 *   .rodata        squares (a constant table)
 *   .rodata.str1.1 the string literal in message_byte
 * and calls between functions: step calls the static helpers directly (clang
 * resolves those itself) and the global remember() through an R_BPF_64_32
 * relocation. step is defined first so that it lands at text offset 0, the
 * default entry point.
 */
#include <stdint.h>

uint64_t counter = 5;
uint32_t table[4] = {1, 2, 3, 4};
__attribute__((section(".data.custom"))) uint16_t custom_word = 0xbeef;
static uint8_t scratch[32];
uint64_t last_result;
static const uint32_t squares[8] = {0, 1, 4, 9, 16, 25, 36, 49};

static uint64_t sum_table(void);
static uint64_t message_byte(uint64_t i);
uint64_t remember(uint64_t x);

uint64_t step(uint64_t x)
{
    counter += x;
    last_result = counter + sum_table() + squares[x & 7] + message_byte(x) + remember(x) + custom_word;
    return last_result;
}

__attribute__((noinline)) static uint64_t sum_table(void)
{
    uint64_t sum = 0;
    for (int i = 0; i < 4; i++) {
        sum += table[i];
    }
    return sum;
}

__attribute__((noinline)) static uint64_t message_byte(uint64_t i)
{
    const char *msg = "hello, femto";
    return (uint8_t)msg[i % 12];
}

__attribute__((noinline)) uint64_t remember(uint64_t x)
{
    scratch[x & 31] = (uint8_t)x;
    return scratch[(x + 1) & 31];
}
