package io.femto4j.webconsole.internal;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

import org.osgi.service.component.annotations.Component;

/**
 * Cross-site request forgery guard for the whole web console (its own bundle and configuration pages as well as
 * the Femto-Containers tab): a browser sends Basic credentials with any request to the console, even one a
 * foreign page makes it send, so every request that may change something (anything but GET, HEAD, OPTIONS) must
 * come from a page of the console itself: its {@code Origin} header (or, without one, its {@code Referer}) must
 * name the host and port the request was sent to. Browsers set {@code Origin} on every POST; scripts such as curl
 * must send it themselves.
 */
@Component(service = Filter.class, property = {
        "osgi.http.whiteboard.filter.pattern=/*",
        "osgi.http.whiteboard.filter.name=femto4j-same-origin",
        "osgi.http.whiteboard.context.select=(osgi.http.whiteboard.context.name=org.apache.felix.webconsole)"})
public final class SameOriginFilter implements Filter {
    static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    @Override
    public void doFilter(ServletRequest req, ServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        if (SAFE_METHODS.contains(request.getMethod().toUpperCase(Locale.ROOT))
                || sameOrigin(request.getHeader("Origin"), request.getHeader("Referer"), request.getHeader("Host"))) {
            chain.doFilter(req, resp);
            return;
        }
        HttpServletResponse response = (HttpServletResponse) resp;
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().print("403 cross-site request refused: a " + request.getMethod()
                + " to the web console must come from one of its own pages (Origin or Referer of this host)\n");
    }

    /** Whether the Origin (else the Referer) names {@code host} (the Host header: name and port). */
    static boolean sameOrigin(String origin, String referer, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String source = origin != null && !origin.isBlank() && !origin.equals("null") ? origin : referer;
        if (source == null || source.isBlank()) {
            return false;
        }
        try {
            URI uri = URI.create(source.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                return false;
            }
            String authority = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
            return authority.equalsIgnoreCase(host.trim()) || uri.getPort() < 0 && defaultPortHost(host, scheme)
                    .equalsIgnoreCase(uri.getHost());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code name:80} for http (443 for https) as {@code name}: a browser leaves the default port out of Origin. */
    private static String defaultPortHost(String host, String scheme) {
        String h = host.trim();
        String port = scheme.equals("https") ? ":443" : ":80";
        return h.endsWith(port) ? h.substring(0, h.length() - port.length()) : h;
    }
}
