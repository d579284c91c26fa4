/*
 * Image fixture that must be REJECTED: an initialised array of pointers needs
 * relocations inside .data (R_BPF_64_ABS64), which neither rbf nor the
 * femto4j image can express (no absolute addresses in data).
 */
const char *names[] = {"alpha", "beta"};

unsigned long pick(unsigned long i)
{
    return (unsigned long)names[i & 1][0];
}
