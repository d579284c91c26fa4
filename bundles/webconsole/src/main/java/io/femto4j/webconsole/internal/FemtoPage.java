package io.femto4j.webconsole.internal;

import static io.femto4j.webconsole.internal.Html.escape;

import io.femto4j.board.Device;
import io.femto4j.hooks.HookManager;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The tab's HTML, rendered on the server from the {@link ConsoleModel}'s maps; every value goes through
 * {@link Html#escape}. The script ({@code femto.js}) then keeps the live parts (counters, chart, stores) moving
 * from {@code data.json} without reloading.
 */
final class FemtoPage {
    private final ConsoleModel model;
    private final String token;
    private final String root;

    FemtoPage(ConsoleModel model, String token, String root) {
        this.model = model;
        this.token = token;
        this.root = root;
    }

    @SuppressWarnings("unchecked")
    void render(PrintWriter out, FemtoPlugin.Result result) {
        Map<String, Object> s = model.snapshot(System.currentTimeMillis());
        out.println("<style>#femto table{border-collapse:collapse;margin:4px 0 14px}#femto td,#femto th{border:1px solid #ccc;"
                + "padding:2px 6px;text-align:left;vertical-align:top}#femto h3{margin:14px 0 4px}#femto form{display:inline;"
                + "margin:0}#femto .ok{background:#dfd;border:1px solid #6a6;padding:6px}#femto .fail{background:#fdd;"
                + "border:1px solid #c66;padding:6px}#femto .num{text-align:right}#femto canvas{border:1px solid #ccc}"
                + "#femto .runs{color:#1565c0}#femto .faults{color:#c62828}</style>");
        out.println("<div id='femto' data-json='" + escape(root + "/data.json") + "'>");
        if (result != null) {
            out.println("<p id='femto-message' class='" + (result.ok() ? "ok" : "fail") + "'>" + escape(result.message())
                    + "</p>");
        }
        live(out);
        boards(out, (List<Map<String, Object>>) (List<?>) s.get("boards"));
        devices(out, (List<Map<String, Object>>) (List<?>) s.get("devices"));
        hooks(out, (List<Map<String, Object>>) (List<?>) s.get("hooks"));
        containers(out, (List<Map<String, Object>>) (List<?>) s.get("containers"));
        install(out);
        stores(out, (List<Map<String, Object>>) (List<?>) s.get("stores"));
        out.println("</div>");
        out.println("<script src='" + escape(root + "/res/femto.js") + "'></script>");
    }

    private void live(PrintWriter out) {
        out.println("<h3>Live: runs and faults per second, all containers</h3>");
        out.println("<canvas id='femto-chart' width='600' height='140' data-samples='0'></canvas>");
        out.println("<p><span class='runs'>&#9632; runs/s <b id='femto-runs-rate'>-</b></span> &nbsp; "
                + "<span class='faults'>&#9632; faults/s <b id='femto-faults-rate'>-</b></span> &nbsp; "
                + "<small id='femto-updated'>waiting for the first sample</small></p>");
    }

    private void boards(PrintWriter out, List<Map<String, Object>> boards) {
        out.println("<h3>Boards</h3>");
        if (boards.isEmpty()) {
            out.println("<p>No boards: install a board bundle (e.g. io.femto4j.board.nrf52840) on the Bundles page.</p>");
            return;
        }
        out.println("<table id='femto-boards'><tr><th>board</th><th>description</th><th>clock</th><th>RAM</th>"
                + "<th>container budget</th><th>max containers</th><th>stack</th></tr>");
        for (Map<String, Object> b : boards) {
            out.println("<tr data-board='" + escape(b.get("id")) + "'><td>" + escape(b.get("id")) + "</td><td>"
                    + escape(b.get("description")) + "</td><td class='num'>" + mhz(b.get("clockHz")) + "</td><td class='num'>"
                    + kib(b.get("ramBytes")) + "</td><td class='num'>" + escape(b.get("containerMemoryBytes"))
                    + " B</td><td class='num'>" + escape(b.get("maxContainers")) + "</td><td class='num'>"
                    + escape(b.get("stackBytes")) + " B</td></tr>");
        }
        out.println("</table>");
    }

    @SuppressWarnings("unchecked")
    private void devices(PrintWriter out, List<Map<String, Object>> devices) {
        out.println("<h3>Devices</h3>");
        if (devices.isEmpty()) {
            out.println("<p>No devices (their boards are missing, or none is configured: factory PID io.femto4j.device).</p>");
            return;
        }
        out.println("<table id='femto-devices'><tr><th>device</th><th>board</th><th>clock</th><th>memory used</th>"
                + "<th>free</th><th>budget</th><th>containers</th></tr>");
        for (Map<String, Object> d : devices) {
            out.println("<tr><td>" + escape(d.get("name")) + "</td><td>" + escape(d.get("board")) + "</td><td class='num'>"
                    + mhz(d.get("clockHz")) + "</td><td class='num'>" + escape(d.get("memoryUsed")) + " B</td><td class='num'>"
                    + escape(d.get("memoryFree")) + " B</td><td class='num'>" + escape(d.get("memoryBudget"))
                    + " B</td><td class='num'>" + escape(d.get("containers")) + "/" + escape(d.get("maxContainers"))
                    + "</td></tr>");
        }
        out.println("</table>");
        out.println("<h3>Tenants</h3><table id='femto-tenants'><tr><th>device</th><th>tenant</th><th>containers</th>"
                + "<th>memory used / quota</th><th>store entries</th><th>hooks</th></tr>");
        for (Map<String, Object> d : devices) {
            for (Map<String, Object> t : (List<Map<String, Object>>) d.get("tenants")) {
                out.println("<tr><td>" + escape(d.get("name")) + "</td><td>" + escape(t.get("id")) + "</td><td class='num'>"
                        + escape(t.get("containers")) + "/" + escape(t.get("maxContainers")) + "</td><td class='num'>"
                        + escape(t.get("memoryUsed")) + " / " + escape(t.get("memoryQuota")) + " B</td><td class='num'>"
                        + escape(t.get("storeEntries")) + "</td><td>" + escape(String.join(", ", (List<String>) t.get("hooks")))
                        + "</td></tr>");
            }
        }
        out.println("</table>");
    }

    @SuppressWarnings("unchecked")
    private void hooks(PrintWriter out, List<Map<String, Object>> hooks) {
        out.println("<h3>Hooks</h3>");
        if (model.hooks().isEmpty()) {
            out.println("<p>The hook manager (io.femto4j.hooks) is not running.</p>");
            return;
        }
        out.println("<table id='femto-hooks'><tr><th>device</th><th>hook</th><th>chain, in run order</th><th>context</th>"
                + "<th>trigger</th></tr>");
        for (Map<String, Object> h : hooks) {
            StringBuilder chain = new StringBuilder();
            for (Map<String, Object> e : (List<Map<String, Object>>) h.get("chain")) {
                Map<String, Object> params = (Map<String, Object>) e.get("parameters");
                chain.append("<li>").append(escape(e.get("order"))).append(". <b>").append(escape(e.get("container")))
                        .append("</b> ").append(escape(e.get("policy")))
                        .append(params.isEmpty() ? "" : " " + escape(params)).append(" &ndash; ")
                        .append(escape(e.get("state")))
                        .append(e.get("note").toString().isEmpty() ? "" : " (" + escape(e.get("note")) + ")").append("</li>");
            }
            boolean gone = Boolean.TRUE.equals(h.get("providerGone"));
            out.println("<tr data-hook='" + escape(h.get("device") + "/" + h.get("hook")) + "'><td>" + escape(h.get("device"))
                    + "</td><td>" + escape(h.get("hook")) + (gone ? " <i>(provider gone)</i>" : "")
                    + "<br><small>" + escape(h.get("details")) + "</small></td><td>"
                    + (chain.length() == 0 ? "(empty)" : "<ol style='list-style:none;padding:0;margin:0'>" + chain + "</ol>")
                    + "</td><td><small>" + escape(h.get("context")) + "</small></td><td>"
                    + (gone ? "" : form("trigger", "device", h.get("device"), "hook", h.get("hook"))
                    + "<input name='arguments' size='10' placeholder='arguments' title='the event, as fc:trigger takes it'>"
                    + "<button type='submit'>trigger</button></form>")
                    + "</td></tr>");
        }
        out.println("</table>");
    }

    @SuppressWarnings("unchecked")
    private void containers(PrintWriter out, List<Map<String, Object>> containers) {
        out.println("<h3>Containers</h3>");
        if (containers.isEmpty()) {
            out.println("<p>No containers.</p>");
            return;
        }
        out.println("<table id='femto-containers'><tr><th>device</th><th>container</th><th>tenant</th><th>hook</th>"
                + "<th>state</th><th>engine</th><th>runs</th><th>faults</th><th>faults by cause, last fault</th>"
                + "<th>instructions</th><th>host &micro;s/run</th><th>device &micro;s/run (estimate)</th><th>actions</th></tr>");
        for (Map<String, Object> c : containers) {
            String key = escape(c.get("device") + "/" + c.get("id"));
            Map<String, Object> last = (Map<String, Object>) c.get("lastFault");
            Map<String, Object> byCause = (Map<String, Object>) c.get("faultsByCause");
            String faults = (byCause.isEmpty() ? "none" : escape(byCause)) + (last == null ? "" : "<br>last: " + escape(last.get("cause"))
                    + " at insn " + escape(last.get("pc")) + ": " + escape(last.get("message")));
            boolean attached = "attached".equals(c.get("state"));
            String actions = (attached
                    ? form("detach", "device", c.get("device"), "container", c.get("id")) + "<button type='submit'>detach</button></form>"
                    : form("attach", "device", c.get("device"), "container", c.get("id"))
                    + "<input name='settings' size='14' placeholder='policy=… order=… period=…' "
                    + "title='NAME=VALUE settings: policy (continue, abort-on-negative, abort-on-positive, single), order, "
                    + "budget, and the hook&#39;s own (e.g. period=500 for timer)'><button type='submit'>attach</button></form>")
                    + " " + form("uninstall", "device", c.get("device"), "container", c.get("id"))
                    + "<button type='submit'>uninstall</button></form>";
            out.println("<tr data-container='" + key + "'><td>" + escape(c.get("device")) + "</td><td>" + escape(c.get("id"))
                    + "</td><td>" + escape(c.get("tenant")) + "</td><td>" + escape(c.get("hook")) + "</td>"
                    + cell(key, "state", c.get("state")) + "<td><small>" + escape(c.get("engine")) + "</small></td>"
                    + cell(key, "runs", c.get("runs")) + cell(key, "faults", c.get("faults"))
                    + "<td data-c='" + key + "' data-f='faultDetails'><small>" + faults + "</small></td>"
                    + cell(key, "instructions", c.get("instructions"))
                    + cell(key, "hostMicrosPerRun", c.get("hostMicrosPerRun"))
                    + cell(key, "deviceMicrosPerRun", c.get("deviceMicrosPerRun"))
                    + "<td>" + actions + "</td></tr>");
        }
        out.println("</table>");
    }

    private void install(PrintWriter out) {
        out.println("<h3>Install a container image</h3>");
        List<Device> devices = model.devices();
        List<String> hooks = model.hooks().map(HookManager::hookNames).orElse(List.of());
        boolean loader = model.deployer().isPresent();
        if (devices.isEmpty() || hooks.isEmpty() && !loader) {
            out.println("<p>Installing needs a device and a hook.</p>");
            return;
        }
        out.println("<p><small>" + (loader ? "A signed envelope (.suit, .cbor) goes to the network loader, which "
                + "checks it as over CoAP: its tenant, hook and name come from its signed manifest, so the form's "
                + "hook, tenant and name are ignored for it." : "Signed envelopes need the network loader "
                + "(bundle io.femto4j.loader), which is not running.") + "</small></p>");
        StringBuilder f = new StringBuilder("<form id='femto-install' method='post' enctype='multipart/form-data' action='")
                .append(escape(root + "/action")).append("'><input type='hidden' name='action' value='install'>")
                .append("<input type='hidden' name='token' value='").append(escape(token)).append("'>")
                .append("image (.o, .rbf) or envelope (.suit) <input type='file' name='image' accept='.o,.rbf,.bin,.suit,.cbor'> device <select name='device'>");
        for (Device d : devices) {
            f.append("<option>").append(escape(d.name())).append("</option>");
        }
        f.append("</select> hook <select name='hook'>");
        for (String h : hooks) {
            f.append("<option>").append(escape(h)).append("</option>");
        }
        f.append("</select> tenant <select name='tenant'>");
        devices.stream().flatMap(d -> d.tenants().stream()).map(t -> t.id().toString()).distinct().sorted()
                .forEach(t -> f.append("<option>").append(escape(t)).append("</option>"));
        f.append("</select> name <input name='id' size='14' placeholder='(file name)'> <button type='submit'>install</button></form>");
        out.println(f);
    }

    private void stores(PrintWriter out, List<Map<String, Object>> stores) {
        out.println("<h3>Key-value stores</h3><p><small>per device: the global store, each tenant's store and each "
                + "container's local store; at most " + ConsoleModel.STORE_ENTRIES_SHOWN + " entries of each</small></p>");
        out.println("<table id='femto-stores'><thead><tr><th>device</th><th>scope</th><th>of</th><th>entries</th>"
                + "<th>key</th><th>value</th><th>written first by</th></tr></thead><tbody>");
        out.println(StoreRows.html(stores));
        out.println("</tbody></table>");
    }

    private String form(String action, String... fields) {
        StringBuilder f = new StringBuilder("<form method='post' action='").append(escape(root + "/action"))
                .append("'><input type='hidden' name='action' value='").append(escape(action)).append("'>")
                .append("<input type='hidden' name='token' value='").append(escape(token)).append("'>");
        for (int i = 0; i + 1 < fields.length; i += 2) {
            f.append("<input type='hidden' name='").append(escape(fields[i])).append("' value='")
                    .append(escape(fields[i + 1])).append("'>");
        }
        return f.toString();
    }

    private String form(String action, String k1, Object v1, String k2, Object v2) {
        return form(action, new String[] {k1, String.valueOf(v1), k2, String.valueOf(v2)});
    }

    private static String cell(String key, String field, Object value) {
        String text = value instanceof Double d ? String.format(Locale.ROOT, "%.1f", d) : escape(value);
        return "<td class='num' data-c='" + key + "' data-f='" + field + "'>" + text + "</td>";
    }

    private static String mhz(Object hz) {
        return String.format(Locale.ROOT, "%.0f MHz", ((Number) hz).doubleValue() / 1e6);
    }

    private static String kib(Object bytes) {
        return ((Number) bytes).longValue() / 1024 + " KiB";
    }

    /** The rows of the stores table: one per entry, or one for an empty store. */
    static final class StoreRows {
        private StoreRows() {
        }

        @SuppressWarnings("unchecked")
        static String html(List<Map<String, Object>> stores) {
            StringBuilder rows = new StringBuilder();
            for (Map<String, Object> st : stores) {
                List<Map<String, Object>> entries = (List<Map<String, Object>>) st.get("entries");
                String head = "<td>" + escape(st.get("device")) + "</td><td>" + escape(st.get("scope")) + "</td><td>"
                        + escape(st.get("owner")) + "</td><td class='num'>" + escape(st.get("size")) + "/"
                        + escape(st.get("capacity")) + "</td>";
                if (entries.isEmpty()) {
                    rows.append("<tr>").append(head).append("<td colspan='3'>(empty)</td></tr>");
                }
                for (Map<String, Object> e : entries) {
                    rows.append("<tr>").append(head).append("<td>").append(escape(e.get("key"))).append("</td><td class='num'>")
                            .append(escape(e.get("value"))).append("</td><td>").append(escape(e.get("owner"))).append("</td></tr>");
                }
            }
            return rows.toString();
        }
    }
}
