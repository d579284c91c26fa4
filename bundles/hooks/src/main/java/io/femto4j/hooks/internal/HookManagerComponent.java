package io.femto4j.hooks.internal;

import io.femto4j.board.Device;
import io.femto4j.hooks.Attachment;
import io.femto4j.hooks.ChainPolicy;
import io.femto4j.hooks.ChainResult;
import io.femto4j.hooks.HookManager;
import io.femto4j.hooks.HookProvider;
import io.femto4j.hooks.HookStatus;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.store.ContainerId;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link HookManager} service: tracks every {@link Device} and every {@link HookProvider} (dynamic, greedy,
 * so providers and devices come and go without restarting the manager) and delegates to a {@link HookRegistry}.
 */
@Component(service = HookManager.class, immediate = true)
public class HookManagerComponent implements HookManager {
    private final HookRegistry registry = new HookRegistry();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addDevice(Device device) {
        registry.addDevice(device);
    }

    void removeDevice(Device device) {
        registry.removeDevice(device);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addProvider(HookProvider provider) {
        registry.addProvider(provider);
    }

    void removeProvider(HookProvider provider) {
        registry.removeProvider(provider);
    }

    @Deactivate
    void deactivate() {
        registry.shutdown();
    }

    @Override
    public Optional<HookSpec> spec(String hook) {
        return registry.spec(hook);
    }

    @Override
    public List<String> hookNames() {
        return registry.hookNames();
    }

    @Override
    public Attachment attach(String device, ContainerId container, ChainPolicy policy, int order,
                             Map<String, String> parameters) {
        return registry.attach(device, container, policy, order, parameters);
    }

    @Override
    public boolean detach(String device, ContainerId container) {
        return registry.detach(device, container);
    }

    @Override
    public ChainResult trigger(String device, String hook, List<String> arguments) {
        return registry.trigger(device, hook, arguments);
    }

    @Override
    public ChainResult trigger(String device, String hook, Invocation invocation) {
        return registry.trigger(device, hook, invocation);
    }

    @Override
    public List<HookStatus> hooks() {
        return registry.hooks();
    }
}
