package io.femto4j.devices.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The metatype of a device's factory configuration ({@value DeviceManager#FACTORY_PID}), for configuration tools
 * such as the web console. Only its description: {@link DeviceSettings#parse} reads the properties, as the
 * {@link DeviceManager} is a {@code ManagedServiceFactory} and not a configured component.
 */
@ObjectClassDefinition(factoryPid = DeviceManager.FACTORY_PID, name = "femto4j simulated device",
        description = "A simulated device running femto-containers on a board profile.")
@interface DeviceConfiguration {

    @AttributeDefinition(required = false, description = "Unique device name, e.g. dev1 (default: derived from the"
            + " configuration PID).")
    String name();

    @AttributeDefinition(required = false, description = "Board id: nrf52840, esp32, gd32vf103 or native.")
    String board() default DeviceSettings.DEFAULT_BOARD;

    @AttributeDefinition(required = false, description = "Trusted tenants besides 'default'.")
    String[] tenants();

    @AttributeDefinition(required = false, description = "When containers are compiled to JVM bytecode: never (the"
            + " interpreter, start-up in microseconds), always (compiled at install, faster runs) or after:N (compiled"
            + " when a container starts its run N+1). Applies to later installs and replaces; fc:install --compile"
            + " overrides it per container.")
    String compile() default "never";
}
