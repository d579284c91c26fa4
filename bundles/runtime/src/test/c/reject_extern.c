/*
 * Image fixture that must be REJECTED: calls an undefined function and reads
 * an undefined variable (helpers are called by number; everything else must
 * be defined in the object).
 */
extern unsigned long host_fn(unsigned long);
extern unsigned long host_var;

unsigned long uses_externs(unsigned long x)
{
    return host_fn(x) + host_var;
}
