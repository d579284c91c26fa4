/** Key-value stores of femto-containers: local, tenant and global scopes with quotas. */
package io.femto4j.runtime.store;
