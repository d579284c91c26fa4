package io.femto4j.devices.internal;

import io.femto4j.board.EnginePolicy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.List;

/**
 * One device as configured: factory PID {@value DeviceManager#FACTORY_PID}, properties {@code name} (default:
 * derived from the configuration's PID), {@code board} (default {@value #DEFAULT_BOARD}), {@code tenants}
 * (extra trusted tenant names besides {@value #DEFAULT_TENANT}) and {@code compile}, its containers' engine
 * policy (default {@code never}: see {@link DeviceConfiguration}).
 */
record DeviceSettings(String name, String board, List<String> tenants, EnginePolicy compile) {
    static final String DEFAULT_NAME = "dev0";
    static final String DEFAULT_BOARD = "nrf52840";
    static final String DEFAULT_TENANT = "default";
    static final EnginePolicy DEFAULT_COMPILE = EnginePolicy.NEVER;

    /** The device the platform has while no configuration exists. */
    static DeviceSettings fallback() {
        return new DeviceSettings(DEFAULT_NAME, DEFAULT_BOARD, List.of(DEFAULT_TENANT), DEFAULT_COMPILE);
    }

    /** @throws IllegalArgumentException for a {@code compile} value that is not a policy, naming the forms */
    static DeviceSettings parse(String pid, Dictionary<String, ?> properties) {
        String name = text(properties.get("name"));
        if (name == null) {
            int dot = pid.lastIndexOf('.');
            name = "dev-" + pid.substring(dot + 1);
        }
        String board = text(properties.get("board"));
        List<String> tenants = new ArrayList<>();
        tenants.add(DEFAULT_TENANT);
        for (String t : texts(properties.get("tenants"))) {
            if (!tenants.contains(t)) {
                tenants.add(t);
            }
        }
        String compile = text(properties.get("compile"));
        return new DeviceSettings(name, board == null ? DEFAULT_BOARD : board, List.copyOf(tenants),
                compile == null ? DEFAULT_COMPILE : EnginePolicy.parse(compile));
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString().trim();
        return s.isEmpty() ? null : s;
    }

    /** A string (comma-separated), a string array or a collection. */
    private static List<String> texts(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        } else if (value instanceof String[] array) {
            for (String part : array) {
                if (part != null && !part.isBlank()) {
                    out.add(part.trim());
                }
            }
        } else if (value instanceof Collection<?> c) {
            for (Object part : c) {
                if (part != null && !part.toString().isBlank()) {
                    out.add(part.toString().trim());
                }
            }
        }
        return out;
    }
}
