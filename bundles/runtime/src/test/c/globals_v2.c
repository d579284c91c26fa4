/*
 * Image fixture: globals.c for CPU v2 (adds jlt/jle/jslt/jsle to v1).
 * BUILD_FLAGS: -mcpu=v2
 */
#include "globals.c"
