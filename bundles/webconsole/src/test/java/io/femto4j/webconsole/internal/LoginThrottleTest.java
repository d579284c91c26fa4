package io.femto4j.webconsole.internal;

import static io.femto4j.webconsole.internal.ConsoleSecurityTest.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Password guessing against the console: wrong passwords in a row lock the address out, doubling each time. */
class LoginThrottleTest {
    long now = 1_000_000_000L;
    final LoginThrottle throttle = new LoginThrottle(() -> now, 3);
    final ConsoleSecurity security = new ConsoleSecurity(
            new ConsoleCredentials("admin", ConsoleCredentials.sha256("right-password"), null, false), throttle);

    FakeHttp.Response attempt(String address, String password) {
        FakeHttp.Request request = new FakeHttp.Request("GET", "/femto");
        request.remoteAddress = address;
        if (password != null) {
            request.header("Authorization", basic("admin", password));
        }
        FakeHttp.Response response = new FakeHttp.Response();
        Object user = security.authenticate(request.proxy(), response.proxy());
        assertEquals(response.status == 200, user != null, response.body());
        return response;
    }

    void advanceSeconds(long seconds) {
        now += TimeUnit.SECONDS.toNanos(seconds);
    }

    @Test
    void theFreeFailuresAreAnsweredWith401ThenTheAddressIsLockedOutEvenForTheRightPassword() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertEquals(401, attempt("10.0.0.1", "guess" + i).status);
        }
        FakeHttp.Response locked = attempt("10.0.0.1", "guess");
        assertEquals(401, locked.status, "the 6th wrong one is checked, then locks");
        FakeHttp.Response refused = attempt("10.0.0.1", "right-password");
        assertEquals(429, refused.status);
        assertEquals("1", refused.headers.get("Retry-After"));
        assertTrue(refused.body().startsWith("429 too many wrong passwords from 10.0.0.1"), refused.body());

        advanceSeconds(1);
        assertEquals(200, attempt("10.0.0.1", "right-password").status);
        assertEquals(0, throttle.lockedFor("10.0.0.1"));
        assertEquals(401, attempt("10.0.0.1", "wrong after success").status, "the series starts again");
        assertEquals(0, throttle.lockedFor("10.0.0.1"));
    }

    @Test
    void eachFurtherFailureDoublesTheLockUpToFifteenMinutes() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            attempt("10.0.0.2", "guess");
        }
        long expected = TimeUnit.SECONDS.toNanos(1);
        for (int lock = 1; lock <= 14; lock++) {
            attempt("10.0.0.2", "guess");
            assertEquals(Math.min(expected, LoginThrottle.MAX_LOCK_NANOS), throttle.lockedFor("10.0.0.2"), "lock " + lock);
            assertEquals(429, attempt("10.0.0.2", "guess").status, "refused unchecked while locked");
            now += throttle.lockedFor("10.0.0.2");
            expected *= 2;
        }
        assertEquals(LoginThrottle.MAX_LOCK_NANOS, TimeUnit.MINUTES.toNanos(15));
    }

    @Test
    void otherAddressesAndRequestsWithoutCredentialsAreNotAffected() {
        for (int i = 0; i < 3 * LoginThrottle.FREE_FAILURES; i++) {
            attempt("10.0.0.3", null); // a browser's first request, before it asks its user
        }
        assertEquals(0, throttle.lockedFor("10.0.0.3"));
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            attempt("10.0.0.4", "guess");
        }
        assertEquals(429, attempt("10.0.0.4", "right-password").status);
        assertEquals(200, attempt("10.0.0.5", "right-password").status);
    }

    @Test
    void itRemembersAtMostItsCapacityOfAddresses() {
        for (int i = 0; i < 10; i++) {
            assertNull(security.authenticate(request("10.1.0." + i), new FakeHttp.Response().proxy()));
        }
        assertEquals(3, throttle.addressesRemembered());
    }

    private static jakarta.servlet.http.HttpServletRequest request(String address) {
        FakeHttp.Request request = new FakeHttp.Request("GET", "/femto").header("Authorization", basic("admin", "x"));
        request.remoteAddress = address;
        return request.proxy();
    }
}
