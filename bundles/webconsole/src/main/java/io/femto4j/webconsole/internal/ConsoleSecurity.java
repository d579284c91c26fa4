package io.femto4j.webconsole.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/**
 * The web console's security provider: HTTP Basic authentication against {@link ConsoleCredentials}, for every
 * page and action of the console. The distribution names this provider ({@value #PROVIDER_ID}) in the framework
 * property {@code felix.webconsole.security.providers}, so the console serves nothing until it is registered;
 * its ranking puts it before the console's built-in provider (whose default admin/admin is thereby never used).
 *
 * <p>Configuration PID {@value #PID}: {@code username} (default admin) and {@code password} (plain, or
 * {@code {sha-256}BASE64}). Without a password, one is generated at the first start and kept in this bundle's
 * data area; its path is printed. Repeated wrong passwords from one address lock it out for a while
 * ({@link LoginThrottle}).
 */
@Component(service = SecurityProvider.class, immediate = true, configurationPid = ConsoleSecurity.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurity.PROVIDER_ID, "service.ranking:Integer=1000"})
public final class ConsoleSecurity implements SecurityProvider {
    static final String PID = "io.femto4j.webconsole";
    static final String PROVIDER_ID = "femto4j";
    static final String REALM = "femto4j web console";
    static final String CREDENTIALS_FILE = "webconsole-credentials.properties";

    private final ConsoleCredentials credentials;
    private final LoginThrottle throttle;

    @Activate
    public ConsoleSecurity(BundleContext context, Map<String, Object> config) {
        this(ConsoleCredentials.resolve(string(config.get("username")), string(config.get("password")),
                context.getDataFile(CREDENTIALS_FILE).toPath(), new SecureRandom()));
        announce(credentials);
    }

    ConsoleSecurity(ConsoleCredentials credentials) {
        this(credentials, LoginThrottle.withSystemClock());
    }

    ConsoleSecurity(ConsoleCredentials credentials, LoginThrottle throttle) {
        this.credentials = credentials;
        this.throttle = throttle;
    }

    /** Where to find the password: printed once at start, never the password itself. */
    static void announce(ConsoleCredentials c) {
        if (c.file() == null) {
            System.out.println("femto4j web console: user " + c.username() + ", password from configuration " + PID);
        } else {
            System.out.println("femto4j web console: user " + c.username() + ", password " + (c.generated()
                    ? "generated at this first start, in " : "in ") + c.file().toAbsolutePath()
                    + " (readable by its owner only; configure " + PID + " username/password to choose your own)");
        }
    }

    /**
     * The user name when the request carries the right Basic credentials; else a 401 challenge and null. An address
     * locked out by {@link LoginThrottle} gets 429 and null, its credentials unchecked.
     */
    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        String address = String.valueOf(request.getRemoteAddr());
        long locked = throttle.lockedFor(address);
        if (locked > 0) {
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(locked + TimeUnit.SECONDS.toNanos(1) - 1));
            response.setHeader("Retry-After", Long.toString(seconds));
            return refuse(response, 429, "429 too many wrong passwords from " + address + "; try again in " + seconds
                    + " s");
        }
        String header = request.getHeader("Authorization");
        String user = basicUser(header);
        if (user != null) {
            throttle.succeeded(address);
            return user;
        }
        if (header != null) {
            throttle.failed(address); // a browser's first request, without credentials, is not a guess
        }
        response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
        return refuse(response, HttpServletResponse.SC_UNAUTHORIZED,
                "401 the femto4j web console needs its user and password");
    }

    private static Object refuse(HttpServletResponse response, int status, String message) {
        response.setStatus(status);
        response.setContentType("text/plain;charset=UTF-8");
        try {
            response.getWriter().print(message + "\n");
            response.flushBuffer();
        } catch (IOException e) {
            // the client went away; it gets nothing either way
        }
        return null;
    }

    /** The console's only user may do everything it offers. */
    @Override
    public boolean authorize(Object user, String role) {
        return user != null;
    }

    /** Basic authentication has no session to end: the browser forgets the credentials when it closes. */
    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
    }

    /** The user of a {@code Basic} Authorization header with the right password, or null. */
    String basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String user = decoded.substring(0, colon);
        return credentials.matches(user, decoded.substring(colon + 1)) ? user : null;
    }

    private static String string(Object value) {
        return value == null ? null : value.toString();
    }
}
