package io.femto4j.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser: the exported platform starts, Debian's headless Chromium (driven by Selenium
 * through Debian's chromedriver; nothing is downloaded) logs in with the generated password, sees the demo
 * containers on the Femto-Containers tab, uploads {@code sdk/examples/temperature.o}, attaches it to the timer
 * hook, triggers the hook, sees its run counter and the chart move without a reload, detaches and uninstalls it,
 * then installs a board bundle on the console's Bundles page and finds the board on the tab. Screenshots go to
 * {@code target/browser/}.
 */
class WebConsoleBrowserIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path DIR = Path.of(System.getProperty("femto4j.browser.dir", "target/browser")).toAbsolutePath();

    Platform platform;
    WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        Path chromium = Path.of(System.getProperty("femto4j.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("femto4j.chromedriver", "/usr/bin/chromedriver"));
        // no skip: a missing browser fails the build (.ci/run installs the Debian packages)
        assertTrue(Files.isExecutable(chromium) && Files.isExecutable(chromedriver), "the browser test needs "
                + chromium + " and " + chromedriver + ": apt-get install chromium chromium-driver (.ci/run does)");
        Files.createDirectories(DIR);
        platform = new Platform(Files.createTempDirectory(DIR, "platform")); // an empty working directory
        platform.awaitConsole();

        // Selenium Manager stays out of it: the driver and the browser binary are both given
        System.setProperty("webdriver.chrome.driver", chromedriver.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort()
                .withLogFile(DIR.resolve("chromedriver.log").toFile()).build();
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1800",
                "--user-data-dir=" + Files.createTempDirectory(DIR, "chromium-profile"));
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void driveTheFemtoContainersTabAndInstallABoardInTheBrowser() throws Exception {
        // without the credentials, or with the console's old default, nothing is served
        assertEquals(401, platform.get("/system/console/femto", null, null).statusCode());
        assertEquals(401, platform.get("/system/console/bundles", "admin", "admin").statusCode());
        // guessing: after 5 wrong passwords in a row (the one above included) the 6th locks this address out for
        // 1 s, during which even the right password gets 429
        for (int guess = 2; guess <= 6; guess++) {
            assertEquals(401, platform.get("/system/console/femto", "admin", "guess" + guess).statusCode());
        }
        HttpResponse<String> locked = platform.get("/system/console/femto", platform.user, platform.password);
        assertEquals(429, locked.statusCode(), locked.body());
        assertEquals("1", locked.headers().firstValue("Retry-After").orElse(null));
        Thread.sleep(1_100);

        // the esp32 board comes with the platform: take it out so that the browser can install it again
        String esp32 = bundleId("io.femto4j.board.esp32");
        assertEquals(200, platform.post("/system/console/bundles/" + esp32, "action=uninstall").statusCode());

        // log in once with credentials in the URL (Chromium keeps them for the realm), then use plain URLs: a page
        // whose URL carries credentials may not fetch() relative URLs
        browser.get(platform.url("/system/console/femto/data.json").replace("http://",
                "http://" + platform.user + ":" + platform.password + "@"));
        assertTrue(browser.getPageSource().contains("\"containers\""), browser.getPageSource());
        open("/system/console/femto");

        // the demo containers, attached and counted
        for (String demo : List.of("sensor_average", "coap_formatter", "thread_counter")) {
            WebElement row = row("dev0/" + demo);
            assertEquals("attached", cell("dev0/" + demo, "state").getText(), row.getText());
        }
        assertTrue(browser.findElements(By.cssSelector("#femto-boards tr[data-board='esp32']")).isEmpty(),
                "esp32 is still listed after its bundle was uninstalled");

        // upload an image onto dev0's timer hook
        WebElement install = browser.findElement(By.id("femto-install"));
        install.findElement(By.name("image")).sendKeys(example("temperature.o").toString());
        new Select(install.findElement(By.name("hook"))).selectByVisibleText("timer");
        submit(install.findElement(By.cssSelector("button[type=submit]")));
        assertMessage(true, "installed dev0/temperature (tenant default, hook timer, ");
        assertEquals("installed", cell("dev0/temperature", "state").getText());
        assertEquals("0", cell("dev0/temperature", "runs").getText());

        // attach it, firing every second
        WebElement attach = row("dev0/temperature").findElement(By.name("settings"));
        attach.sendKeys("period=1000");
        submit(row("dev0/temperature").findElement(By.xpath(".//button[text()='attach']")));
        assertMessage(true, "attached temperature to timer on dev0 (order 1, continue, {period=1000})");

        // the live view: the counter moves without a reload, the chart gathers samples and changes
        String chartBefore = chart();
        long runs = waitForRuns(2);
        waitFor("chart samples", () -> Integer.parseInt(browser.findElement(By.id("femto-chart"))
                .getAttribute("data-samples")) >= 3);
        assertNotEquals(chartBefore, chart(), "the chart did not change");

        // trigger the hook by hand: the container reads the simulated sensor (23.45 C)
        WebElement timerRow = browser.findElement(By.cssSelector("#femto-hooks tr[data-hook='dev0/timer']"));
        submit(timerRow.findElement(By.cssSelector("button[type=submit]")));
        assertMessage(true, "temperature: r0=2345");
        assertTrue(Long.parseLong(cell("dev0/temperature", "runs").getText()) > runs, "the trigger ran it");
        waitForRuns(runs + 2);
        // a few more seconds of chart for the screenshot (docs/webconsole.png comes from it)
        waitFor("chart samples after the trigger", () -> Integer.parseInt(browser.findElement(By.id("femto-chart"))
                .getAttribute("data-samples")) >= 8);
        screenshot("femto-containers.png");

        // uninstalling an attached container is refused with one message; detach, then uninstall
        submit(row("dev0/temperature").findElement(By.xpath(".//button[text()='uninstall']")));
        assertMessage(false, "temperature is attached to hook timer on dev0; detach it first");
        submit(row("dev0/temperature").findElement(By.xpath(".//button[text()='detach']")));
        assertMessage(true, "detached temperature on dev0");
        submit(row("dev0/temperature").findElement(By.xpath(".//button[text()='uninstall']")));
        assertMessage(true, "uninstalled dev0/temperature");
        assertTrue(browser.findElements(By.cssSelector("tr[data-container='dev0/temperature']")).isEmpty());

        // the console's own Bundles page installs a board bundle; the tab lists the board without a restart
        open("/system/console/bundles");
        browser.findElement(By.cssSelector("button.installButton")).click();
        WebElement dialog = browser.findElement(By.id("uploadDialog"));
        Path board = Path.of(System.getProperty("femto4j.bundle.board.esp32")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(board), board + " is missing");
        dialog.findElement(By.cssSelector("input[type=file][name=bundlefile]")).sendKeys(board.toString());
        WebElement start = dialog.findElement(By.name("bundlestart"));
        if (!start.isSelected()) {
            start.click();
        }
        screenshot("bundles-install.png");
        browser.findElement(By.xpath("//div[contains(@class,'ui-dialog-buttonpane')]//button[contains(.,'Install')]"))
                .click();
        waitFor("esp32 on the Bundles page", () -> {
            try {
                return platform.get("/system/console/bundles.json", platform.user, platform.password).body()
                        .contains("io.femto4j.board.esp32");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        waitFor("the esp32 board on the Femto-Containers tab", () -> {
            open("/system/console/femto");
            return !browser.findElements(By.cssSelector("#femto-boards tr[data-board='esp32']")).isEmpty();
        });
        screenshot("femto-containers-board-installed.png");
    }

    private void open(String path) {
        browser.get(platform.url(path));
    }

    /** Clicks a form's button and waits for the page the action answers with. */
    private void submit(WebElement button) {
        WebElement page = browser.findElement(By.tagName("html"));
        button.click();
        new WebDriverWait(browser, WAIT).until(ExpectedConditions.stalenessOf(page));
    }

    private WebElement row(String key) {
        return new WebDriverWait(browser, WAIT).until(b -> b.findElement(By.cssSelector("tr[data-container='" + key + "']")));
    }

    private WebElement cell(String key, String field) {
        return browser.findElement(By.cssSelector("td[data-c='" + key + "'][data-f='" + field + "']"));
    }

    private void assertMessage(boolean ok, String expected) {
        WebElement message = new WebDriverWait(browser, WAIT).until(b -> b.findElement(By.id("femto-message")));
        assertTrue(message.getText().contains(expected), "message: " + message.getText() + "\nexpected: " + expected);
        assertEquals(ok ? "ok" : "fail", message.getAttribute("class"), message.getText());
    }

    /** Waits until the temperature container's runs cell (updated by the page's script) reaches {@code atLeast}. */
    private long waitForRuns(long atLeast) {
        waitFor("temperature to reach " + atLeast + " runs on the page",
                () -> Long.parseLong(cell("dev0/temperature", "runs").getText()) >= atLeast);
        return Long.parseLong(cell("dev0/temperature", "runs").getText());
    }

    private String chart() {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('femto-chart').toDataURL();");
    }

    private void waitFor(String what, Supplier<Boolean> condition) {
        new WebDriverWait(browser, WAIT).withMessage(what).until(b -> condition.get());
    }

    private void screenshot(String name) throws IOException {
        byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.createDirectories(DIR);
        Files.write(DIR.resolve(name), png);
    }

    private String bundleId(String symbolicName) throws Exception {
        String json = platform.get("/system/console/bundles.json", platform.user, platform.password).body();
        Matcher m = Pattern.compile("\\{\"id\":(\\d+),[^{}]*\"symbolicName\":\"" + Pattern.quote(symbolicName) + "\"")
                .matcher(json);
        assertTrue(m.find(), symbolicName + " not in bundles.json: " + json);
        return m.group(1);
    }

    private static Path example(String name) {
        return Path.of(System.getProperty("femto4j.sdk.examples", "../sdk/examples"), name).toAbsolutePath().normalize();
    }
}
