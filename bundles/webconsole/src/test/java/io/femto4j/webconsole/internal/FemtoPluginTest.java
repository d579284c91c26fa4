package io.femto4j.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.femto4j.board.BoardProfile;
import io.femto4j.board.BoardProvider;
import io.femto4j.hooks.internal.HookRegistry;
import io.femto4j.hooks.internal.TestDevice;
import io.femto4j.hooks.internal.providers.TimerHookProvider;
import io.femto4j.runtime.store.ContainerId;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The tab's data endpoint and actions on a real container runtime and the real hook manager with its timer hook:
 * what data.json reports, that the actions go through and say one thing each, and that whatever a container is
 * called, the page and the JSON carry it escaped.
 */
class FemtoPluginTest {
    final TestDevice device = TestDevice.create("dev0");
    final HookRegistry hooks = new HookRegistry();
    final TimerHookProvider timer = new TimerHookProvider();
    final FemtoPlugin plugin = new FemtoPlugin();

    FemtoPluginTest() {
        timer.activate();
        hooks.addDevice(device);
        hooks.addProvider(timer);
        plugin.devices = List.of(device);
        BoardProvider board = device::board;
        plugin.boards = List.of(board);
        plugin.hooks = hooks;
    }

    @AfterEach
    void stop() throws InterruptedException {
        hooks.removeProvider(timer);
        timer.deactivate();
    }

    String dataJson() throws Exception {
        FakeHttp.Response response = new FakeHttp.Response();
        plugin.doGet(new FakeHttp.Request("GET", FemtoPlugin.DATA).proxy(), response.proxy());
        assertEquals(200, response.status);
        assertEquals("application/json;charset=UTF-8", response.contentType);
        return response.body();
    }

    /** Posts an action with urlencoded fields, asking for JSON; the response. */
    FakeHttp.Response post(String... fields) throws Exception {
        FakeHttp.Request request = new FakeHttp.Request("POST", FemtoPlugin.ACTION).header("Accept", "application/json");
        for (int i = 0; i + 1 < fields.length; i += 2) {
            request.param(fields[i], fields[i + 1]);
        }
        FakeHttp.Response response = new FakeHttp.Response();
        plugin.doPost(request.proxy(), response.proxy());
        return response;
    }

    FakeHttp.Response action(String... fields) throws Exception {
        String[] withToken = new String[fields.length + 2];
        withToken[0] = "token";
        withToken[1] = plugin.token();
        System.arraycopy(fields, 0, withToken, 2, fields.length);
        return post(withToken);
    }

    static long number(String json, String container, String field) {
        Matcher m = Pattern.compile("\"id\":\"" + container + "\".*?\"" + field + "\":(\\d+)").matcher(json);
        assertTrue(m.find(), field + " of " + container + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void dataJsonHasBoardsDevicesTenantsHooksContainersAndStores() throws Exception {
        String json = dataJson();
        assertTrue(json.matches("\\{\"time\":\\d+,\"boards\":\\[.*"), json);
        assertTrue(json.contains("{\"id\":\"sim\",\"description\":\"simulated test board\","
                + "\"clockHz\":64000000,\"ramBytes\":262144,\"flashBytes\":1048576,\"containerMemoryBytes\":65536,"
                + "\"maxContainers\":16,\"stackBytes\":4096}"), json);
        assertTrue(json.contains("\"devices\":[{\"name\":\"dev0\",\"board\":\"sim\",\"clockHz\":64000000,"
                + "\"memoryUsed\":0,\"memoryFree\":65536,\"memoryBudget\":65536,\"containers\":0,\"maxContainers\":16,"
                + "\"tenants\":[{\"id\":\"t\",\"containers\":0"), json);
        assertTrue(json.contains("\"hooks\":[{\"device\":\"dev0\",\"hook\":\"timer\",\"providerGone\":false"), json);
        assertTrue(json.contains("\"containers\":[]"), json);
        assertTrue(json.contains("\"stores\":[{\"device\":\"dev0\",\"scope\":\"global\",\"owner\":\"\",\"size\":0"), json);
    }

    @Test
    void installAttachTriggerDetachUninstallThroughTheHookManager() throws Exception {
        ConsoleActions actions = new ConsoleActions(plugin.model());
        String installed = actions.install("dev0", "timer", "t", "", "temperature.o", TestDevice.example("temperature"));
        assertTrue(installed.startsWith("installed dev0/temperature (tenant t, hook timer, "), installed);
        assertTrue(dataJson().contains("\"id\":\"temperature\",\"tenant\":\"t\",\"hook\":\"timer\","
                + "\"state\":\"installed\",\"engine\":\"interpreter\""), dataJson());

        FakeHttp.Response attached = action("action", "attach", "device", "dev0", "container", "temperature",
                "settings", "policy=single period=3600000");
        assertEquals(200, attached.status, attached.body());
        assertEquals("{\"ok\":true,\"message\":\"attached temperature to timer on dev0 (order 0, single, "
                + "{period=3600000})\"}", attached.body());
        assertTrue(hooks.hooks().get(0).chain().get(0).attachment().container().equals(ContainerId.of("temperature")));

        long before = number(dataJson(), "temperature", "runs");
        FakeHttp.Response triggered = action("action", "trigger", "device", "dev0", "hook", "timer");
        // the simulated temperature sensor reads 23.45 C: the container returns 2345
        assertTrue(triggered.body().startsWith("{\"ok\":true,\"message\":\"triggered timer on dev0: temperature: r0=2345"),
                triggered.body());
        String json = dataJson();
        assertEquals(before + 1, number(json, "temperature", "runs"));
        assertEquals(0, number(json, "temperature", "faults"));
        assertTrue(number(json, "temperature", "instructions") > 0, json);
        assertTrue(json.contains("\"deviceMicrosPerRun\":"), json);

        FakeHttp.Response refused = action("action", "uninstall", "device", "dev0", "container", "temperature");
        assertEquals(409, refused.status);
        assertEquals("{\"ok\":false,\"message\":\"temperature is attached to hook timer on dev0; detach it first\"}",
                refused.body());

        assertEquals("{\"ok\":true,\"message\":\"detached temperature on dev0\"}",
                action("action", "detach", "device", "dev0", "container", "temperature").body());
        assertEquals("{\"ok\":true,\"message\":\"uninstalled dev0/temperature\"}",
                action("action", "uninstall", "device", "dev0", "container", "temperature").body());
        assertTrue(dataJson().contains("\"containers\":[]"), dataJson());
    }

    @Test
    void actionsWithoutTheTokenAreRefused() throws Exception {
        FakeHttp.Response none = post("action", "trigger", "device", "dev0", "hook", "timer");
        assertEquals(403, none.status);
        assertTrue(none.body().contains("no valid token"), none.body());
        FakeHttp.Response wrong = post("token", plugin.token() + "x", "action", "trigger", "device", "dev0", "hook", "timer");
        assertEquals(403, wrong.status);
    }

    @Test
    void eachFailureIsOneClearMessage() throws Exception {
        Map<String, String[]> cases = Map.of(
                "{\"ok\":false,\"message\":\"no device dev9; devices: dev0\"}",
                new String[] {"action", "detach", "device", "dev9", "container", "x"},
                "{\"ok\":false,\"message\":\"no container ghost on dev0\"}",
                new String[] {"action", "attach", "device", "dev0", "container", "ghost"},
                "{\"ok\":false,\"message\":\"unknown action 'explode'; actions: install, attach, detach, trigger, uninstall\"}",
                new String[] {"action", "explode"},
                "{\"ok\":false,\"message\":\"the timer hook takes no arguments\"}",
                new String[] {"action", "trigger", "device", "dev0", "hook", "timer", "arguments", "1 2"});
        for (Map.Entry<String, String[]> c : cases.entrySet()) {
            FakeHttp.Response r = action(c.getValue());
            assertTrue(r.status >= 400, r.body());
            assertEquals(c.getKey().replace("'", "\\u0027"), r.body());
        }
        ConsoleActions actions = new ConsoleActions(plugin.model());
        ActionFailure bad = org.junit.jupiter.api.Assertions.assertThrows(ActionFailure.class, () -> actions.install(
                "dev0", "timer", "t", "junk", "junk.o", "not an image".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(bad.getMessage().startsWith("install refused, load: image rejected:"), bad.getMessage());
        assertTrue(device.runtime().containers().isEmpty(), "a refused install leaves nothing");
        ActionFailure name = org.junit.jupiter.api.Assertions.assertThrows(ActionFailure.class, () -> actions.install(
                "dev0", "timer", "t", "<script>", "x.o", TestDevice.example("temperature")));
        assertTrue(name.getMessage().startsWith("container name '<script>' must be"), name.getMessage());
    }

    @Test
    void hostileNamesAreEscapedInThePageAndTheJson() throws Exception {
        // the shell or the deploy folder may install under any id; the console must show it as text
        String hostile = "<img src=x onerror=alert(1)>'\"";
        device.install(hostile, TestDevice.example("temperature"), hooks.spec("timer").orElseThrow());
        StringWriter html = new StringWriter();
        new FemtoPage(plugin.model(), plugin.token(), "/system/console/femto").render(new PrintWriter(html), null);
        String page = html.toString();
        assertFalse(page.contains("<img"), "raw markup of a container name in the page");
        assertTrue(page.contains("&lt;img src=x onerror=alert(1)&gt;&#39;&quot;"), page);
        assertTrue(page.contains("<script src='/system/console/femto/res/femto.js'></script>"), page);
        assertTrue(page.contains("name='token' value='" + plugin.token() + "'"), "forms carry the token");
        String json = dataJson();
        assertFalse(json.contains("<img"), json);
        assertTrue(json.contains("\\u003cimg src=x onerror=alert(1)\\u003e\\u0027\\\""), json);
    }

    @Test
    void aBoardAddedLaterIsListed() throws Exception {
        assertFalse(dataJson().contains("\"id\":\"laterboard\""));
        BoardProfile later = new BoardProfile("laterboard", "installed at run time", 16_000_000, 64 * 1024, 0,
                16 * 1024, 4);
        BoardProvider first = plugin.boards.get(0);
        BoardProvider second = () -> later;
        plugin.boards = List.of(first, second); // what SCR does when a board bundle's provider arrives
        assertTrue(dataJson().contains("{\"id\":\"laterboard\",\"description\":\"installed at run time\""), dataJson());
    }
}
