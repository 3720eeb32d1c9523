package dev.tributary.functions.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console end to end in headless Chromium: create a topic in the page, produce
 * through the API, browse the records, see a group's lag. Screenshots go to
 * {@code target/console-screenshots/}. Skips, saying why, only where Chromium or its driver
 * is not installed ({@code .ci/run} installs them).
 */
class ConsoleBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** Selenium warns through java.util.logging when the browser is newer than its DevTools bindings; unused here. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");
    private static WebDriver browser;
    private static WebDriverWait wait;
    private final TestServer server = TestServer.shared();

    @BeforeAll
    static void startBrowser() {
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        Path chromium = firstExisting(System.getenv("CHROME_BIN"), "/usr/bin/chromium", "/usr/bin/chromium-browser");
        Path driver = firstExisting(System.getenv("CHROMEDRIVER"), "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        if (chromium == null || driver == null) {
            String reason = "ConsoleBrowserTest skipped: " + (chromium == null ? "Chromium" : "chromedriver")
                    + " is not installed (Debian: apt-get install chromium chromium-driver)";
            System.out.println(reason);
            Assumptions.abort(reason);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().withSilent(true).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void createTopic_browseRecords_andSeeAGroupsLag() throws IOException {
        String topic = TestServer.uniqueTopic();
        browser.get(server.uri() + "/console");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("topic-name"))).sendKeys(topic);
        WebElement partitions = browser.findElement(By.id("topic-partitions"));
        partitions.clear();
        partitions.sendKeys("2");
        browser.findElement(By.id("create-topic")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Topic " + topic));
        assertThat(browser.findElements(By.cssSelector("#partitions tbody tr"))).hasSize(2);
        assertThat(server.get("/v1/topics/" + topic).status()).isEqualTo(200);
        screenshot("01-topic-created");

        assertThat(server.post("/v1/topics/" + topic + "/records", Map.of("records", List.of(
                Map.of("key", "alice", "value", "{\"total\":42,\"items\":[1,2]}", "headers", Map.of("source", "web"), "partition", 0),
                Map.of("key", "bob", "value", "plain text", "partition", 0),
                Map.of("key", "carol", "value", "{\"total\":7}", "partition", 0)))).status()).isEqualTo(200);

        browser.get(server.uri() + "/console#/topics/" + topic + "/records?partition=0");
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#records tbody tr"), 3));
        List<WebElement> rows = browser.findElements(By.cssSelector("#records tbody tr"));
        assertThat(rows.get(0).getText()).contains("alice").contains("source=web");
        assertThat(rows.get(0).findElement(By.cssSelector("pre.json")).getText()).contains("\"total\": 42");
        assertThat(rows.get(1).getText()).contains("plain text");
        screenshot("02-records");

        String group = "console-" + topic;
        assertThat(server.post("/v1/groups/" + group + "/offsets",
                Map.of("offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", 1)))).status()).isEqualTo(200);
        browser.get(server.uri() + "/console#/groups");
        wait.until(ExpectedConditions.elementToBeClickable(By.linkText(group))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#offsets td.lag"), "2"));
        assertThat(browser.findElement(By.id("total-lag")).getText()).isEqualTo("2");
        assertThat(browser.findElements(By.cssSelector("#lag-chart rect.lag-bar"))).singleElement()
                .satisfies(bar -> assertThat(bar.getAttribute("data-lag")).isEqualTo("2"));
        screenshot("03-group-lag");
    }

    @Test
    void unknownTopic_showsTheServicesError() {
        browser.get(server.uri() + "/console#/topics/" + TestServer.uniqueTopic());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "TOPIC_NOT_FOUND"));
    }

    private static void screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("console screenshot: " + target.toAbsolutePath());
    }

    private static Path firstExisting(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isBlank() && Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }
}
