package io.femto4j.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

/** The console's authentication: no credentials, wrong ones or the old admin/admin get a 401 challenge. */
class ConsoleSecurityTest {
    final ConsoleSecurity security = new ConsoleSecurity(
            new ConsoleCredentials("admin", ConsoleCredentials.sha256("right-password"), null, false));

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Object authenticate(String authorization, FakeHttp.Response response) {
        FakeHttp.Request request = new FakeHttp.Request("GET", "/femto/data.json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return security.authenticate(request.proxy(), response.proxy());
    }

    void assertRefused(String authorization) {
        FakeHttp.Response response = new FakeHttp.Response();
        assertNull(authenticate(authorization, response), authorization);
        assertEquals(401, response.status, authorization);
        assertTrue(response.headers.get("WWW-Authenticate").startsWith("Basic realm="), response.headers.toString());
        assertTrue(response.body().startsWith("401"), response.body());
    }

    @Test
    void noCredentialsAreRefused() {
        assertRefused(null);
    }

    @Test
    void wrongDefaultOrMalformedCredentialsAreRefused() {
        assertRefused(basic("admin", "admin"));
        assertRefused(basic("admin", "wrong"));
        assertRefused(basic("other", "right-password"));
        assertRefused("Basic not-base64!");
        assertRefused("Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)));
        assertRefused("Bearer right-password");
    }

    @Test
    void theRightCredentialsAuthenticateTheUser() {
        FakeHttp.Response response = new FakeHttp.Response();
        assertEquals("admin", authenticate(basic("admin", "right-password"), response));
        assertEquals(200, response.status);
        assertTrue(security.authorize("admin", "any role"));
    }
}
