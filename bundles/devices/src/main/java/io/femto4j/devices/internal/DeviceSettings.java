package io.femto4j.devices.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.List;

/**
 * One device as configured: factory PID {@value DeviceManager#FACTORY_PID}, properties {@code name} (default:
 * derived from the configuration's PID), {@code board} (default {@value #DEFAULT_BOARD}) and {@code tenants}
 * (extra trusted tenant names besides {@value #DEFAULT_TENANT}).
 */
record DeviceSettings(String name, String board, List<String> tenants) {
    static final String DEFAULT_NAME = "dev0";
    static final String DEFAULT_BOARD = "nrf52840";
    static final String DEFAULT_TENANT = "default";

    /** The device the platform has while no configuration exists. */
    static DeviceSettings fallback() {
        return new DeviceSettings(DEFAULT_NAME, DEFAULT_BOARD, List.of(DEFAULT_TENANT));
    }

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
        return new DeviceSettings(name, board == null ? DEFAULT_BOARD : board, List.copyOf(tenants));
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
