/** The femto4j eBPF interpreter: runs verified programs inside checked memory regions. */
package io.femto4j.vm;
