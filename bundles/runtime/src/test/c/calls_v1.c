/*
 * Image fixture: calls.c for CPU v1 (no 32-bit ALU, no JMP32, no jlt/jle).
 * BUILD_FLAGS: -mcpu=v1
 */
#include "calls.c"
