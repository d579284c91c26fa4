/** Femto-containers: images loaded, verified, installed on hooks and run with their helpers and stores. */
package io.femto4j.runtime;
