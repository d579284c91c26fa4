package io.femto4j.webconsole.internal;

import io.femto4j.board.BoardProvider;
import io.femto4j.board.Device;
import io.femto4j.hooks.HookManager;
import io.femto4j.loader.envelope.EnvelopeDeployer;
import io.femto4j.runtime.image.Images;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The web console's "Femto-Containers" tab ({@code /system/console/femto}): the page (rendered by
 * {@link FemtoPage} inside the console's frame), its script ({@code res/femto.js}), the data endpoint
 * {@code data.json} the script polls for the live view, and the actions ({@code POST action}).
 *
 * <p>Actions need the page's token besides the console's credentials and the same-origin check of
 * {@link SameOriginFilter}. An action answers JSON ({@code {"ok":..,"message":..}} with the failure's status) to a
 * request that accepts {@code application/json}, else the page with the message on top.
 */
@Component(service = Servlet.class, property = {
        ServletConstants.PLUGIN_LABEL + "=" + FemtoPlugin.LABEL,
        ServletConstants.PLUGIN_TITLE + "=" + FemtoPlugin.TITLE,
        ServletConstants.PLUGIN_CATEGORY + "=femto4j"})
public final class FemtoPlugin extends AbstractServlet {
    private static final long serialVersionUID = 1L;
    static final String LABEL = "femto";
    static final String TITLE = "Femto-Containers";
    static final String DATA = "/" + LABEL + "/data.json";
    static final String ACTION = "/" + LABEL + "/action";
    static final String SCRIPT = "/" + LABEL + "/res/femto.js";
    /** Request attribute: the outcome of an action, for the page. */
    static final String RESULT = FemtoPlugin.class.getName() + ".result";

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    transient volatile List<Device> devices = List.of();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    transient volatile List<BoardProvider> boards = List.of();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile HookManager hooks;

    /** The network loader (optional: the tab works without it, and installs images only). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    transient volatile EnvelopeDeployer deployer;

    private final transient ConsoleModel model = new ConsoleModel(() -> devices,
            () -> boards.stream().map(BoardProvider::profile).toList(), () -> Optional.ofNullable(hooks),
            () -> Optional.ofNullable(deployer));
    private final transient ConsoleActions actions = new ConsoleActions(model);
    /** Proves that an action was posted from a page this console rendered (32 random bytes per start). */
    private final String token = newToken();

    ConsoleModel model() {
        return model;
    }

    String token() {
        return token;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        if (DATA.equals(request.getPathInfo())) {
            setNoCache(response);
            writeJson(response, HttpServletResponse.SC_OK, model.snapshot(System.currentTimeMillis()));
            return;
        }
        super.doGet(request, response); // the script (getResource), or nothing: the console then renders the page
    }

    @Override
    protected URL getResource(String path) {
        return SCRIPT.equals(path) ? FemtoPlugin.class.getResource("femto.js") : null;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        Result result;
        if (!ACTION.equals(request.getPathInfo())) {
            result = new Result(false, HttpServletResponse.SC_NOT_FOUND, "no action at " + request.getPathInfo());
        } else {
            result = act(request);
        }
        if (wantsJson(request)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ok", result.ok());
            body.put("message", result.message());
            writeJson(response, result.status(), body);
        } else {
            request.setAttribute(RESULT, result); // nothing written: the console renders the page around it
        }
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object result = request.getAttribute(RESULT);
        Object pluginRoot = request.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        String root = pluginRoot != null ? pluginRoot.toString() : request.getContextPath() + "/" + LABEL;
        new FemtoPage(model, token, root).render(response.getWriter(), result instanceof Result r ? r : null);
    }

    /** The outcome of one action. */
    record Result(boolean ok, int status, String message) {
    }

    Result act(HttpServletRequest request) {
        try {
            if (!tokenMatches(field(request, "token"))) {
                throw new ActionFailure(ActionFailure.FORBIDDEN,
                        "the form is stale or foreign (no valid token): reload the page and try again");
            }
            String action = field(request, "action");
            String device = field(request, "device");
            String container = field(request, "container");
            String message = switch (action == null ? "" : action) {
                case "install" -> {
                    Part image = request.getPart("image");
                    String fileName = image == null ? null : image.getSubmittedFileName();
                    byte[] upload = read(image);
                    if (ConsoleActions.isEnvelope(fileName, upload, deployer != null)) {
                        yield actions.deployEnvelope(device, upload); // tenant, hook, name: the manifest's
                    }
                    yield actions.install(device, field(request, "hook"), field(request, "tenant"),
                            field(request, "id"), fileName, upload);
                }
                case "attach" -> actions.attach(device, container, field(request, "settings"));
                case "detach" -> actions.detach(device, container);
                case "trigger" -> actions.trigger(device, field(request, "hook"), field(request, "arguments"));
                case "uninstall" -> actions.uninstall(device, container);
                default -> throw new ActionFailure(ActionFailure.BAD_REQUEST, "unknown action '" + action
                        + "'; actions: install, attach, detach, trigger, uninstall");
            };
            return new Result(true, HttpServletResponse.SC_OK, message);
        } catch (ActionFailure e) {
            return new Result(false, e.status(), e.getMessage());
        } catch (IOException | ServletException | IllegalStateException e) {
            // a multipart body that is malformed or over the container's limits
            return new Result(false, HttpServletResponse.SC_BAD_REQUEST, "the upload could not be read: " + e.getMessage());
        }
    }

    boolean tokenMatches(String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    /** A form field, from a urlencoded body or a multipart one. */
    static String field(HttpServletRequest request, String name) throws IOException, ServletException {
        String value = request.getParameter(name);
        if (value != null || !isMultipart(request)) {
            return value;
        }
        Part part = request.getPart(name);
        if (part == null) {
            return null;
        }
        try (InputStream in = part.getInputStream()) {
            return new String(in.readNBytes(4096), StandardCharsets.UTF_8);
        }
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
    }

    /** The uploaded file, at most one byte over the image limit (the install refuses it then). */
    private static byte[] read(Part part) throws IOException {
        if (part == null) {
            return null;
        }
        try (InputStream in = part.getInputStream()) {
            return in.readNBytes(Images.MAX_FILE_SIZE + 1);
        }
    }

    static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }

    static void writeJson(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        PrintWriter out = response.getWriter();
        out.print(Json.write(body));
        out.flush();
    }

    private static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
