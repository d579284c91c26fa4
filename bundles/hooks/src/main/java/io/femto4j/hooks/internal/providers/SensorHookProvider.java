package io.femto4j.hooks.internal.providers;

import io.femto4j.hooks.ChainResult;
import io.femto4j.hooks.HookPoint;
import io.femto4j.hooks.HookProvider;
import io.femto4j.runtime.HookSpec;
import io.femto4j.runtime.Invocation;
import io.femto4j.runtime.spi.Phydat;
import io.femto4j.runtime.spi.SaulDevice;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Hook {@code sensor}: fires on every reading of a board's sensors. The provider samples the SAUL sensors of
 * every device (configuration {@code interval.ms}, default 1000; 0 samples only when {@code fc:trigger} asks)
 * and fires the hook once per reading with {@code femto_sensor_ctx_t}: the reading, the sensor's registry
 * position, its SAUL class and the number of valid values. A sensor that cannot be read fires nothing.
 */
@Component(name = "io.femto4j.hooks.sensor", service = HookProvider.class)
public class SensorHookProvider implements HookProvider {
    public static final String NAME = "sensor";
    static final int CONTEXT_SIZE = 16;
    static final HookSpec SPEC = new HookSpec(NAME, CONTEXT_SIZE, true, HelperSets.LOGIC);
    private static final int SAUL_CATEGORY_MASK = 0xc0;
    private static final int SAUL_CATEGORY_SENSE = 0x80;

    private final Set<HookPoint> points = new CopyOnWriteArraySet<>();
    private ScheduledExecutorService sampler;
    private NamedThreads threads;

    @Activate
    public void activate(Map<String, ?> config) {
        Object interval = config == null ? null : config.get("interval.ms");
        long ms = interval == null ? 1000 : Long.parseLong(interval.toString().trim());
        if (ms > 0) {
            sampler = new ScheduledThreadPoolExecutor(1, threads = new NamedThreads(NAME));
            sampler.scheduleWithFixedDelay(this::sampleAll, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    public void deactivate() throws InterruptedException {
        if (sampler != null) {
            threads.stop(sampler);
        }
    }

    private void sampleAll() {
        for (HookPoint p : points) {
            sample(p, -1);
        }
    }

    /**
     * Reads the sensors of the point's device (all, or the one at {@code position}) and fires the hook once per
     * reading; the results of the last firing.
     */
    public static ChainResult sample(HookPoint point, int position) {
        List<SaulDevice> saul = point.device().runtime().config().board().saul().devices();
        ChainResult last = ChainResult.NOTHING_RUN;
        for (int i = 0; i < saul.size(); i++) {
            if (position >= 0 && i != position) {
                continue;
            }
            Optional<Invocation> event = readingEvent(saul.get(i), i);
            if (event.isPresent()) {
                last = point.fire(event.get());
            }
        }
        return last;
    }

    /** A reading of a sensor as the hook's context; empty for actuators and sensors that cannot be read now. */
    static Optional<Invocation> readingEvent(SaulDevice device, int position) {
        if ((device.saulClass() & SAUL_CATEGORY_MASK) != SAUL_CATEGORY_SENSE) {
            return Optional.empty();
        }
        Optional<Phydat> reading = device.read();
        if (reading.isEmpty()) {
            return Optional.empty();
        }
        ByteBuffer ctx = ByteBuffer.allocate(CONTEXT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        ctx.put(reading.get().encode());
        ctx.putInt(position);
        ctx.put((byte) device.saulClass());
        ctx.put((byte) reading.get().dims());
        return Optional.of(Invocation.of(ctx.array()));
    }

    @Override
    public HookSpec spec() {
        return SPEC;
    }

    @Override
    public String contextLayout() {
        return "femto_sensor_ctx_t {femto_phydat_t reading; uint32_t device; uint8_t saul_class; uint8_t dims}";
    }

    @Override
    public void open(HookPoint point) {
        points.add(point);
    }

    @Override
    public void close(HookPoint point) {
        points.remove(point);
    }

    /** {@code fc:trigger dev sensor [POSITION]}: reads that sensor now (default: the first readable one). */
    @Override
    public Invocation manualEvent(HookPoint point, List<String> arguments) {
        if (arguments.size() > 1) {
            throw new IllegalArgumentException("the sensor hook takes at most one argument: the registry position");
        }
        List<SaulDevice> saul = point.device().runtime().config().board().saul().devices();
        List<Integer> positions = new ArrayList<>();
        if (arguments.isEmpty()) {
            for (int i = 0; i < saul.size(); i++) {
                positions.add(i);
            }
        } else {
            positions.add(Integer.parseInt(arguments.get(0)));
        }
        for (int i : positions) {
            if (i >= 0 && i < saul.size()) {
                Optional<Invocation> event = readingEvent(saul.get(i), i);
                if (event.isPresent()) {
                    return event.get();
                }
            }
        }
        throw new IllegalArgumentException("no readable sensor at " + (arguments.isEmpty() ? "any position"
                : "position " + arguments.get(0)) + " of " + point.device().name());
    }

    @Override
    public String describe(HookPoint point) {
        return sampler == null ? "sampled on demand" : "sampled periodically";
    }
}
