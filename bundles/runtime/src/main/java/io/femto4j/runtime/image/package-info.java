/** Container image formats (clang ELF objects and the Femto-Container rbf format), parsed as hostile input. */
package io.femto4j.runtime.image;
