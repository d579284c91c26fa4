/*
 * Fletcher-32 femto-container: the workload of the Femto-Containers paper
 * (Middleware 2022), a checksum over 360 bytes of input.
 *
 * Calling convention (femto4j raw bytecode, entry at instruction 0):
 *   r1 = address of the input in a region the host granted (read access)
 *   r2 = length of the input in bytes
 *   r0 = the checksum (sum2 << 16 | sum1), zero-extended to 64 bits
 *
 * The input is read as little-endian 16-bit words, len / 2 of them; an odd
 * trailing byte is ignored. The input address must be 2-byte aligned (as for
 * any uint16_t access); a host region of a Java byte[] at an even start is.
 *
 * Both sums start at 0xffff and are kept in 32 bits. After at most 359 words
 * neither can overflow 32 bits, so the sums are folded (x = (x & 0xffff) +
 * (x >> 16)) once per block of 359 words and twice more at the end. With the
 * 360-byte test vector sdk/examples/fletcher32-input.txt the result is
 * 0x5bac8c3d.
 *
 * No helpers, no globals, no stack: one function in section .text.
 * Build with sdk/examples/build.sh.
 */
#include <stdint.h>

#define FLETCHER32_BLOCK_WORDS 359

__attribute__((section(".text")))
uint32_t fletcher32(const uint8_t *data, uint64_t len)
{
    const uint16_t *word = (const uint16_t *)data;
    uint64_t words = len / 2;
    uint32_t sum1 = 0xffff;
    uint32_t sum2 = 0xffff;

    while (words > 0) {
        uint64_t block = words > FLETCHER32_BLOCK_WORDS ? FLETCHER32_BLOCK_WORDS : words;
        words -= block;
        for (uint64_t i = 0; i < block; i++) {
            sum1 += word[i];
            sum2 += sum1;
        }
        word += block;
        sum1 = (sum1 & 0xffff) + (sum1 >> 16);
        sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    }
    sum1 = (sum1 & 0xffff) + (sum1 >> 16);
    sum2 = (sum2 & 0xffff) + (sum2 >> 16);
    return (sum2 << 16) | sum1;
}
