/**
 * Boards and devices: a {@link io.femto4j.board.BoardProfile} (memory budget, limits, clock, SAUL devices and a
 * {@link io.femto4j.board.CostModel} per instruction class) published by each board bundle through a
 * {@link io.femto4j.board.BoardProvider} service, and the {@link io.femto4j.board.Device} services the device
 * manager creates on them.
 */
package io.femto4j.board;
