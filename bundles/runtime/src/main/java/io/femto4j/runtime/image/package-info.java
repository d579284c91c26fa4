/**
 * Container image formats (clang ELF objects and the Femto-Container rbf format), parsed as hostile input.
 *
 * <p>{@link io.femto4j.runtime.image.Images#load(byte[])} tells raw bytecode, ELF objects and rbf files apart
 * by content and returns an {@link io.femto4j.runtime.image.Image}: the decoded text (with the 0xB8 / 0xD8
 * section loads of the Femto-Container ISA and resolved BPF-to-BPF calls), the data and rodata regions and
 * the function table. {@link io.femto4j.runtime.image.RbfWriter} writes rbf (its javadoc documents the
 * layout) and packs ELF objects into it. Every problem with a file is an
 * {@link io.femto4j.runtime.image.ImageFormatException} whose message names the field and its value.
 */
package io.femto4j.runtime.image;
