package dev.tributary.functions.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.functions.TestServer;
import dev.tributary.functions.security.SecuredServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
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
 * The web console end to end in headless Chromium: create a topic in the page, produce
 * through the API, browse the records, see a group's lag; with authentication on, sign in
 * with an API key, create a principal's key and an ACL, see them listed, remove them.
 * Screenshots go to
 * {@code target/console-screenshots/}. Skips, saying why, only where Chromium or its driver
 * is not installed ({@code .ci/run} installs them).
 */
class ConsoleBrowserTest {
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    /** Selenium warns through java.util.logging when the browser is newer than its DevTools bindings; unused here. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
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
        // A page re-renders after each action; an element found just before that is stale, not an answer.
        wait.ignoring(StaleElementReferenceException.class);
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
    void authenticationOn_signInWithAKey_thenCreateAPrincipalAndAnAcl_andSeeThemListed() throws Exception {
        SecuredServer secured = SecuredServer.shared();
        String principal = "User:console-" + UUID.randomUUID().toString().substring(0, 8);
        browser.get(secured.server.uri() + "/console#/security");
        WebElement keyField = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        assertThat(browser.findElement(By.tagName("main")).getText()).contains("UNAUTHORIZED");
        keyField.sendKeys(secured.adminKey);
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Security"));
        assertThat(browser.getCurrentUrl()).doesNotContain(secured.adminKey);
        assertThat(sessionItem("tributary.apiKey")).isEqualTo(secured.adminKey);

        browser.findElement(By.id("key-principal")).sendKeys(principal);
        browser.findElement(By.id("create-key")).click();
        String newKey = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("new-key-value"))).getText();
        assertThat(newKey).startsWith("trb_");
        assertThat(rowsOf("api-keys", principal)).hasSize(1);
        assertThat(status(secured, "GET", "/v1/topics", newKey)).as("the new key authenticates").isEqualTo(200);
        screenshot("04-principal-created");

        browser.findElement(By.id("acl-principal")).sendKeys(principal);
        new Select(browser.findElement(By.id("acl-type"))).selectByVisibleText("TOPIC");
        new Select(browser.findElement(By.id("acl-operation"))).selectByVisibleText("READ");
        browser.findElement(By.id("acl-name")).sendKeys("console-");
        new Select(browser.findElement(By.id("acl-pattern"))).selectByVisibleText("PREFIXED");
        browser.findElement(By.id("add-acl")).click();
        wait.until(d -> rowsOf("acls", principal).size() == 1);
        assertThat(rowsOf("acls", principal).get(0).getText()).contains("ALLOW", "READ", "TOPIC", "console-", "PREFIXED");
        String listed = body(secured, "/v1/acls?principal=" + principal);
        assertThat(listed).contains("\"resourceName\":\"console-\"").contains("\"patternType\":\"PREFIXED\"");
        assertThat(browser.findElements(By.cssSelector("#quotas tbody tr"))).isNotEmpty();
        screenshot("05-acl-added");

        rowsOf("acls", principal).get(0).findElement(By.tagName("button")).click();
        wait.until(d -> rowsOf("acls", principal).isEmpty());
        assertThat(body(secured, "/v1/acls?principal=" + principal)).contains("\"acls\":[]");

        rowsOf("api-keys", principal).get(0).findElement(By.tagName("button")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(d -> rowsOf("api-keys", principal).isEmpty());
        assertThat(status(secured, "GET", "/v1/topics", newKey)).as("the revoked key").isEqualTo(401);

        browser.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
        assertThat(sessionItem("tributary.apiKey")).isNull();
    }

    @Test
    void authenticationOn_aWrongKey_isRefusedWithTheServicesMessage() {
        SecuredServer secured = SecuredServer.shared();
        browser.get(secured.server.uri() + "/console#/topics");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key"))).sendKeys("trb_not-a-key");
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "malformed"));
        browser.findElement(By.id("sign-out")).click();
    }

    @Test
    void authenticationOn_anInvalidAcl_showsTheServicesError_andStoresNothing() throws Exception {
        SecuredServer secured = SecuredServer.shared();
        String notAPrincipal = "console-" + UUID.randomUUID().toString().substring(0, 8);
        browser.get(secured.server.uri() + "/console#/security");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key"))).sendKeys(secured.adminKey);
        browser.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("acl-principal"))).sendKeys(notAPrincipal);
        browser.findElement(By.id("acl-name")).sendKeys("orders");
        browser.findElement(By.id("add-acl")).click();

        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "INVALID_REQUEST"));
        assertThat(browser.findElement(By.id("error")).getText()).contains("type:name");
        assertThat(rowsOf("acls", notAPrincipal)).isEmpty();
        assertThat(body(secured, "/v1/acls")).doesNotContain(notAPrincipal);
        browser.findElement(By.id("sign-out")).click();
    }

    /**
     * Partition sizes are shown only when the describe answer carries {@code sizeBytes} (data
     * written before the service kept byte counters has none); the answer is rewritten in the
     * page (by wrapping {@code fetch}) to see both cases.
     */
    @Test
    void partitionSizes_areShownOnlyWhenTheServiceReportsThem() {
        String topic = server.createTopic(2);
        browser.get(server.uri() + "/console#/topics");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), topic));
        ((JavascriptExecutor) browser).executeScript("""
                const topic = arguments[0];
                const real = window.fetch;
                window.sizeOf = () => undefined;
                window.fetch = async (path, init) => {
                  const r = await real(path, init);
                  if (!String(path).endsWith('/v1/topics/' + topic)) return r;
                  const t = await r.json();
                  t.partitions.forEach((p, i) => {
                    const size = window.sizeOf(i);
                    if (size === undefined) delete p.sizeBytes; else p.sizeBytes = size;
                  });
                  return new Response(JSON.stringify(t), {status: r.status, headers: r.headers});
                };
                location.hash = '#/topics/' + topic;""", topic);
        wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#partitions tbody tr"), 2));
        assertThat(browser.findElement(By.cssSelector("#partitions thead")).getText()).doesNotContain("Size");

        ((JavascriptExecutor) browser).executeScript("""
                window.sizeOf = i => i === 0 ? 1536 : 0;
                window.dispatchEvent(new HashChangeEvent('hashchange'));""");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#partitions thead"), "Size"));
        assertThat(browser.findElements(By.cssSelector("#partitions td.size"))).extracting(WebElement::getText)
                .containsExactly("1.5 KiB", "0 B");
    }

    @Test
    void unknownTopic_showsTheServicesError() {
        browser.get(server.uri() + "/console#/topics/" + TestServer.uniqueTopic());
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "TOPIC_NOT_FOUND"));
    }

    private static List<WebElement> rowsOf(String table, String text) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .filter(row -> row.getText().contains(text)).toList();
    }

    private static Object sessionItem(String name) {
        return ((JavascriptExecutor) browser).executeScript("return sessionStorage.getItem(arguments[0]);", name);
    }

    private static int status(SecuredServer secured, String method, String path, String key) throws Exception {
        return HTTP.send(request(secured, path, key).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String body(SecuredServer secured, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(request(secured, path, secured.adminKey).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.body();
    }

    private static HttpRequest.Builder request(SecuredServer secured, String path, String key) {
        return HttpRequest.newBuilder(URI.create(secured.server.uri() + path.replace(":", "%3A"))).header("X-Api-Key", key);
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
