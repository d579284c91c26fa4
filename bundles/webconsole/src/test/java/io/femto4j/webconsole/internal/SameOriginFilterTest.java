package io.femto4j.webconsole.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

/** Requests that change something must come from the console's own pages. */
class SameOriginFilterTest {
    final SameOriginFilter filter = new SameOriginFilter();

    boolean passes(FakeHttp.Request request, FakeHttp.Response response) throws Exception {
        AtomicBoolean passed = new AtomicBoolean();
        filter.doFilter(request.proxy(), response.proxy(), (req, resp) -> passed.set(true));
        return passed.get();
    }

    @Test
    void readsPassWithoutOrigin() throws Exception {
        assertTrue(passes(new FakeHttp.Request("GET", "/femto").header("Host", "127.0.0.1:8080"), new FakeHttp.Response()));
    }

    @Test
    void aPostWithoutOriginOrFromAnotherSiteIsRefused() throws Exception {
        for (FakeHttp.Request r : new FakeHttp.Request[] {
                new FakeHttp.Request("POST", "/femto/action").header("Host", "127.0.0.1:8080"),
                new FakeHttp.Request("POST", "/femto/action").header("Host", "127.0.0.1:8080")
                        .header("Origin", "http://evil.example"),
                new FakeHttp.Request("POST", "/bundles").header("Host", "127.0.0.1:8080")
                        .header("Origin", "http://127.0.0.1:9999"),
                new FakeHttp.Request("POST", "/bundles").header("Host", "127.0.0.1:8080")
                        .header("Referer", "http://evil.example/page")}) {
            FakeHttp.Response response = new FakeHttp.Response();
            assertFalse(passes(r, response), r.headers.toString());
            assertEquals(403, response.status);
            assertTrue(response.body().contains("cross-site request refused"), response.body());
        }
    }

    @Test
    void aPostFromTheConsoleItselfPasses() throws Exception {
        assertTrue(passes(new FakeHttp.Request("POST", "/femto/action").header("Host", "127.0.0.1:8080")
                .header("Origin", "http://127.0.0.1:8080"), new FakeHttp.Response()));
        assertTrue(passes(new FakeHttp.Request("POST", "/femto/action").header("Host", "localhost:8080")
                .header("Referer", "http://localhost:8080/system/console/femto"), new FakeHttp.Response()));
        assertTrue(SameOriginFilter.sameOrigin("http://console.example", null, "console.example:80"));
        assertFalse(SameOriginFilter.sameOrigin("null", null, "127.0.0.1:8080"));
        assertFalse(SameOriginFilter.sameOrigin("file:///x", null, "127.0.0.1:8080"));
    }
}
