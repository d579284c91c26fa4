/*
 * Image fixture: one function, no data, no relocations: build.sh also
 * extracts its .text as plain.bin, and loading plain.o or plain.bin must give
 * the same program.
 */
unsigned long plain(unsigned long a, unsigned long b)
{
    unsigned long r = 0;
    while (b) {
        if (b & 1) {
            r += a;
        }
        a <<= 1;
        b >>= 1;
    }
    return r;
}
