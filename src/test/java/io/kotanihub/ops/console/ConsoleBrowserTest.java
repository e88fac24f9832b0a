package io.kotanihub.ops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import io.kotanihub.dispatch.PaymentIntake;
import io.kotanihub.model.PaymentCommand;
import io.kotanihub.model.PaymentMethod;
import io.kotanihub.model.PaymentType;
import io.kotanihub.model.Recipient;
import io.kotanihub.ops.console.bridge.BridgeTransfers;
import io.kotanihub.webhook.erp.ErpOutbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console in a real headless Chromium driven by Selenium, against the hub paying at its real sandbox: sign-in
 * with the development key, a posted batch's progress bar moving to 100 %, a payment's timeline (numbers masked),
 * a dead ERP delivery replayed and delivered, and a visitor without a key refused everywhere. Writes a screenshot of
 * the batch page after the batch to {@code target/console.png}; {@code -Dconsole.screenshot=docs/console.png}
 * regenerates the README's image.
 */
@ExtendWith(BrowserAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "hub.sandbox.port=0",
        "hub.sandbox.settle-delay=400ms",
        // the "slow" recipient's 12 steps take some 3.6 s: long enough to see the batch page's bar between 0 and 100 on a loaded machine
        "hub.sandbox.step-delay=300ms",
        "hub.sandbox.rate-limits.enabled=false",
        "hub.kotani.throttle.enabled=false",
        "hub.dispatch.poll-interval=100ms",
        "hub.dispatch.status-poll-interval=100ms",
        "hub.dispatch.status-check-min=100ms",
        "hub.dispatch.status-check-max=300ms",
        "hub.dispatch.correction-window=0s",
        "hub.api.batch-check-interval=200ms",
        "hub.bulk.track-interval=500ms",
        "hub.files.inbox=target/console-browser/inbox",
        "hub.files.outbox=target/console-browser/outbox",
        "hub.files.archive=target/console-browser/archive",
        "hub.files.error=target/console-browser/error",
        "hub.erp.webhook-secret=whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        "hub.erp.retry-schedule=0s,200ms",
        "hub.console.refresh-interval=250ms",
        "spring.datasource.url=jdbc:h2:mem:console-browser;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"})
class ConsoleBrowserTest {

    static final RefusingErp ERP = new RefusingErp();
    static final Path SCREENSHOT = Path.of(System.getProperty("console.screenshot", "target/console.png"));

    @DynamicPropertySource
    static void erpUrl(DynamicPropertyRegistry registry) {
        registry.add("hub.erp.webhook-url", ERP::url);
    }

    @LocalServerPort
    int port;

    @Autowired
    PaymentIntake intake;

    @Autowired
    ErpOutbox outbox;

    @Autowired
    BridgeTransfers bridge;

    @Autowired
    JdbcTemplate jdbc;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final ObjectMapper json = new ObjectMapper();
    HeadlessChromium browser;
    ChromeDriver driver;

    @BeforeAll
    void startBrowser() throws Exception {
        browser = HeadlessChromium.start("console", "1280,860");
        driver = browser.driver;
    }

    @AfterAll
    void stopBrowser() throws Exception {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            ERP.close();
        }
    }

    @BeforeEach
    void signedOut() {
        driver.get(url("/console/login"));
        driver.manage().deleteAllCookies();
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    WebDriverWait waiting(int seconds) {
        return browser.waiting(seconds);
    }

    void click(By by) {
        waiting(10).until(d -> {
            d.findElement(by).click();
            return true;
        });
    }

    String text(By by) {
        return waiting(10).until(d -> d.findElement(by).getText());
    }

    String attribute(By by, String name) {
        return waiting(10).until(d -> d.findElement(by).getAttribute(name));
    }

    void signIn() {
        driver.get(url("/console"));
        waiting(10).until(ExpectedConditions.urlContains("/console/login"));
        driver.findElement(By.id("key")).sendKeys("hub_dev_key");
        driver.findElement(By.id("sign-in")).click();
        waiting(10).until(ExpectedConditions.urlToBe(url("/console")));
        waiting(10).until(ExpectedConditions.textToBe(By.tagName("h1"), "Overview"));
    }

    String postBatch(String csv, String name) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url("/api/v1/batches?name=" + name)))
                .header("Authorization", "Bearer hub_dev_key").header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json.readTree(response.body()).path("id").asText();
    }

    @Test
    void signsInWithTheDevelopmentKeyAndShowsTheOverview() {
        driver.get(url("/console/login"));
        driver.findElement(By.id("key")).sendKeys("not-a-hub-key");
        driver.findElement(By.id("sign-in")).click();
        assertThat(text(By.id("login-error"))).contains("not accepted");
        assertThat(driver.manage().getCookieNamed(ConsoleAuth.COOKIE)).isNull();

        signIn();
        assertThat(text(By.id("payments-today"))).matches("\\d+");
        assertThat(text(By.id("outbox-dead"))).matches("\\d+");
        assertThat(text(By.id("kotani-429"))).matches("\\d+");
        // the session cookie is out of reach of scripts and of other sites
        var cookie = driver.manage().getCookieNamed(ConsoleAuth.COOKIE);
        assertThat(cookie.isHttpOnly()).isTrue();
        assertThat(cookie.getSameSite()).isEqualTo("Strict");
        assertThat(driver.executeScript("return document.cookie")).isEqualTo("");

        driver.findElement(By.id("sign-out")).click();
        waiting(10).until(ExpectedConditions.urlToBe(url("/console/login")));

        // a link into the console leads through the sign-in to where it pointed
        driver.get(url("/console/deliveries"));
        assertThat(driver.getCurrentUrl()).isEqualTo(url("/console/login?next=%2Fconsole%2Fdeliveries"));
        driver.findElement(By.id("key")).sendKeys("hub_dev_key");
        driver.findElement(By.id("sign-in")).click();
        waiting(10).until(ExpectedConditions.urlToBe(url("/console/deliveries")));
        waiting(10).until(ExpectedConditions.textToBe(By.tagName("h1"), "Dead deliveries"));
    }

    @Test
    void batchProgressBarMovesToDoneAndThePaymentTimelineIsShownMasked() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder("reference,amount,currency,phone,network,name\n");
        for (int i = 1; i <= 4; i++) {
            csv.append("pay-").append(run).append("-ok-").append(i).append(",1500.50,KES,+254700000001,MPESA,Jane Doe\n");
        }
        for (int i = 1; i <= 2; i++) {
            csv.append("pay-").append(run).append("-funds-").append(i).append(",20,KES,+254700000010,MPESA,Ann Poor\n");
        }
        for (int i = 1; i <= 4; i++) {
            csv.append("pay-").append(run).append("-slow-").append(i).append(",300,KES,+254700000021,MPESA,Sam Slow\n");
        }
        signIn();
        String batchId = postBatch(csv.toString(), "payroll-" + run + ".csv");

        driver.get(url("/console/batches"));
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("progress-" + batchId)));
        assertThat(attribute(By.id("progress-" + batchId), "aria-valuenow")).isNotNull();
        click(By.linkText("payroll-" + run + ".csv"));
        waiting(10).until(ExpectedConditions.urlToBe(url("/console/batches/" + batchId)));

        // the progress bar, read while the page refreshes it: it must stop at values between 0 and 100 on its way
        List<Double> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(100)).until(() -> {
            String now;
            try {
                now = driver.findElements(By.id("progress-" + batchId)).stream().findFirst()
                        .map(e -> e.getAttribute("aria-valuenow")).orElse(null);
            } catch (StaleElementReferenceException redrawn) {
                return false;
            }
            if (now != null && (seen.isEmpty() || seen.get(seen.size() - 1) != Double.parseDouble(now))) {
                seen.add(Double.parseDouble(now));
            }
            return now != null && Double.parseDouble(now) == 100.0;
        });
        assertThat(seen).as("progress values seen: %s", seen).anyMatch(p -> p > 0 && p < 100);
        assertThat(seen).as("never goes back: %s", seen).isSorted();
        waiting(10).until(ExpectedConditions.textToBe(By.cssSelector("#progress-" + batchId + " .text"), "10 / 10 · 100%"));
        waiting(10).until(ExpectedConditions.textToBe(By.id("batch-failures"), "2"));
        assertThat(driver.findElements(By.cssSelector("#rows tbody tr"))).hasSize(10);
        assertThat(text(By.cssSelector("#rows tr[data-row='2'] .status"))).isEqualTo("SUCCESSFUL");
        assertThat(text(By.cssSelector("#rows tr[data-row='6'] .status"))).isEqualTo("FAILED");

        // downloads: the result CSV (the browser's session cookie is what authorises it)
        String resultHref = attribute(By.id("result-csv"), "href");
        String cookie = ConsoleAuth.COOKIE + "=" + driver.manage().getCookieNamed(ConsoleAuth.COOKIE).getValue();
        HttpResponse<String> result = http.send(HttpRequest.newBuilder(URI.create(resultHref)).header("Cookie", cookie)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.body().lines()).hasSize(11).first().asString().startsWith("reference,status,kotani_id");
        assertThat(result.body()).contains("pay-" + run + "-ok-1,SUCCESSFUL").contains("pay-" + run + "-funds-1,FAILED");
        HttpResponse<String> validation = http.send(HttpRequest.newBuilder(URI.create(
                attribute(By.id("validation-csv"), "href"))).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(validation.statusCode()).isEqualTo(200);
        assertThat(validation.body().strip()).isEqualTo("row,reference,field,error");

        driver.get(url("/console"));
        waiting(10).until(ExpectedConditions.textToBe(By.tagName("h1"), "Overview"));
        waiting(10).until(d -> Long.parseLong(d.findElement(By.id("payments-today")).getText()) >= 10);
        Files.createDirectories(Path.of("target"));
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "console-overview.png"),
                StandardCopyOption.REPLACE_EXISTING);
        driver.get(url("/console/batches/" + batchId));
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#rows tr[data-row='11']")));
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target", "console-batch.png"),
                StandardCopyOption.REPLACE_EXISTING);

        // a payment's timeline, from the batch's row
        click(By.linkText("pay-" + run + "-ok-1"));
        waiting(10).until(ExpectedConditions.textToBe(By.tagName("h1"), "Payment pay-" + run + "-ok-1"));
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline tr[data-kind='ERP']")));
        waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "Status SUCCESSFUL"));
        List<String> kinds = driver.findElements(By.cssSelector("#timeline tbody tr")).stream()
                .map(e -> e.getAttribute("data-kind")).toList();
        assertThat(kinds).first().isEqualTo("COMMAND");
        assertThat(kinds).contains("KOTANI", "STATUS", "ERP");
        String timeline = text(By.id("timeline"));
        assertThat(timeline).contains("WITHDRAW_MOBILE_MONEY").contains("HTTP 200 ACCEPTED").contains("Status SUCCESSFUL");
        String page = driver.getPageSource();
        assertThat(page).doesNotContain("254700000001").doesNotContain("700000001");
        assertThat(text(By.id("payment"))).contains("+*********001");

        // the search form finds a failed one
        WebElement search = driver.findElement(By.id("reference"));
        search.clear();
        search.sendKeys("pay-" + run + "-funds-2");
        driver.findElement(By.id("find")).click();
        waiting(10).until(ExpectedConditions.textToBe(By.tagName("h1"), "Payment pay-" + run + "-funds-2"));
        waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "Status FAILED"));
        assertThat(driver.getPageSource()).doesNotContain("254700000010");
    }

    /** Issue 14: a batch sent through Kotani's bulk API shows its Kotani batch and Kotani's progress of it. */
    @Test
    void aBulkBatchShowsItsKotaniBatchAndItsProgress() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder("reference,amount,currency,phone,network,name\n");
        for (int i = 1; i <= 4; i++) {
            csv.append("blk-").append(run).append("-ok-").append(i).append(",250,KES,+254700000001,MPESA,Jane Doe\n");
        }
        csv.append("blk-").append(run).append("-funds-1,20,KES,+254700000010,MPESA,Ann Poor\n");
        signIn();
        String batchId = postBatch(csv.toString(), "bulk-" + run + ".csv&dispatchMode=bulk");

        driver.get(url("/console/batches/" + batchId));
        waiting(60).until(ExpectedConditions.textToBePresentInElementLocated(By.id("kotani-batches"),
                "4 successful, 1 failed, 0 pending"));
        String kotaniBatch = jdbc.queryForObject("select kotani_batch_id from bulk_chunks where batch_id = ?",
                String.class, batchId);
        assertThat(kotaniBatch).isNotBlank();
        WebElement chunk = driver.findElement(By.cssSelector("#kotani-batches tr[data-chunk='1']"));
        assertThat(chunk.getText()).contains(kotaniBatch).contains("KES").contains("1020").contains("DONE");
        assertThat(attribute(By.id("progress-" + batchId + "-chunk-1"), "aria-valuenow")).isEqualTo("100");
        waiting(30).until(ExpectedConditions.textToBe(By.cssSelector("#progress-" + batchId + " .text"), "5 / 5 · 100%"));
    }

    /**
     * Issue 16: a finished batch's failures are found through the payments list's filter (kept in the URL), one is
     * opened; the filtered list is exported as CSV; the trends chart shows the batch's payments. Writes the trends
     * page to {@link #SCREENSHOT} and the filtered list beside it ({@code console-payments.png}).
     */
    @Test
    void aBatchsFailuresAreFilteredOpenedExportedAndCharted() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder("reference,amount,currency,phone,network,name\n");
        for (int i = 1; i <= 4; i++) {
            csv.append("lst-").append(run).append("-ok-").append(i).append(",1500.50,KES,+254700000001,MPESA,Jane Doe\n");
        }
        for (int i = 1; i <= 2; i++) {
            csv.append("lst-").append(run).append("-funds-").append(i).append(",20,KES,+254700000010,MPESA,Ann Poor\n");
        }
        String batchId = postBatch(csv.toString(), "list-" + run + ".csv");
        // another batch's failure, which the filter must leave out
        String other = postBatch("reference,amount,currency,phone,network,name\nlst-" + run
                + "-other-1,20,KES,+254700000010,MPESA,Ann Poor\n", "other-" + run + ".csv");
        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc.queryForObject(
                "select count(*) from payments where batch_id in (?, ?) and completed_at is not null", Integer.class,
                batchId, other) == 7);

        signIn();
        driver.get(url("/console/payments"));
        waiting(10).until(ExpectedConditions.textToBe(By.tagName("h1"), "Payments"));
        new Select(driver.findElement(By.id("filter-status"))).selectByValue("FAILED");
        driver.findElement(By.id("filter-batch")).sendKeys(batchId);
        driver.findElement(By.id("filter-apply")).click();
        waiting(10).until(ExpectedConditions.urlContains("batch=" + batchId));
        assertThat(driver.getCurrentUrl()).contains("status=FAILED");
        waiting(10).until(ExpectedConditions.textToBe(By.id("shown"), "2 shown"));
        List<String> shown = driver.findElements(By.cssSelector("#payments tbody tr")).stream()
                .map(e -> e.getAttribute("data-reference")).toList();
        assertThat(shown).containsExactlyInAnyOrder("lst-" + run + "-funds-1", "lst-" + run + "-funds-2");
        assertThat(driver.findElements(By.cssSelector("#payments tbody tr[data-status='FAILED']"))).hasSize(2);
        assertThat(text(By.id("payments"))).doesNotContain("254700000010").contains("+*********010");
        // the URL is the filter: opened afresh, it shows the same list
        String listUrl = driver.getCurrentUrl();
        driver.get(listUrl);
        waiting(10).until(ExpectedConditions.textToBe(By.id("shown"), "2 shown"));
        assertThat(new Select(driver.findElement(By.id("filter-status"))).getFirstSelectedOption().getText()).isEqualTo("FAILED");
        Files.createDirectories(SCREENSHOT.getParent());
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT.resolveSibling("console-payments.png"),
                StandardCopyOption.REPLACE_EXISTING);

        // the filtered export: the same two rows, masked
        String cookie = ConsoleAuth.COOKIE + "=" + driver.manage().getCookieNamed(ConsoleAuth.COOKIE).getValue();
        HttpResponse<String> export = http.send(HttpRequest.newBuilder(URI.create(attribute(By.id("export-csv"), "href")))
                .header("Cookie", cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(export.statusCode()).isEqualTo(200);
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).build()
                .parse(new StringReader(export.body())).getRecords();
        assertThat(records).extracting(r -> r.get("reference"))
                .containsExactlyInAnyOrder("lst-" + run + "-funds-1", "lst-" + run + "-funds-2");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.get("status")).isEqualTo("FAILED");
            assertThat(r.get("batch_id")).isEqualTo(batchId);
            assertThat(r.get("amount")).isEqualTo("20.00");
            assertThat(r.get("recipient")).contains("+*********010");
        });
        assertThat(export.body()).doesNotContain("254700000010");

        // one of them opens on its timeline
        click(By.linkText("lst-" + run + "-funds-1"));
        waiting(10).until(ExpectedConditions.textToBe(By.tagName("h1"), "Payment lst-" + run + "-funds-1"));
        waiting(10).until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "Status FAILED"));

        // the failures page groups them by Kotani's code and links to the list
        driver.get(url("/console/failures"));
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("failure-groups")));
        assertThat(driver.findElements(By.cssSelector("#failure-groups a.show"))).isNotEmpty();

        // the chart of payments finished in the last hour shows the batch's payments
        driver.get(url("/console/trends"));
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-finished rect")));
        long succeeded = Long.parseLong(attribute(By.id("chart-finished"), "data-total-succeeded"));
        long failed = Long.parseLong(attribute(By.id("chart-finished"), "data-total-failed"));
        assertThat(succeeded).isGreaterThanOrEqualTo(4);
        assertThat(failed).isGreaterThanOrEqualTo(3);
        waiting(10).until(d -> {
            long drawn = d.findElements(By.cssSelector("#chart-finished rect[data-series='succeeded']")).stream()
                    .mapToLong(e -> Long.parseLong(e.getAttribute("data-value"))).sum();
            Integer ledger = jdbc.queryForObject("select count(*) from payments where status = 'SUCCESSFUL' and "
                    + "completed_at >= ?", Integer.class, java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusMinutes(59));
            return drawn >= ledger;
        });
        assertThat(driver.findElements(By.cssSelector("#chart-latency circle"))).isNotEmpty();
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOT, StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aDeadDeliveryIsReplayedAndDelivered() {
        String reference = "dead-" + UUID.randomUUID().toString().substring(0, 8);
        ERP.refuse(reference);
        intake.accept(new PaymentCommand(reference, PaymentType.PAYOUT, PaymentMethod.MOBILE_MONEY,
                new BigDecimal("75.25"), "KES", "KE", new Recipient("Jane Doe", "+254700000001", "MPESA",
                null, null, null, null, null), "salary", Map.of(), null), "API", null, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> outbox.list("DEAD", 1000).stream()
                .anyMatch(d -> d.reference().equals(reference)));
        long deadId = outbox.list("DEAD", 1000).stream().filter(d -> d.reference().equals(reference))
                .mapToLong(d -> d.id()).min().orElseThrow();

        signIn();
        waiting(10).until(d -> Long.parseLong(d.findElement(By.id("outbox-dead")).getText()) >= 1);
        driver.get(url("/console/deliveries"));
        By row = By.cssSelector("#deliveries tr[data-delivery='" + deadId + "']");
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(row));
        assertThat(text(By.cssSelector("#deliveries tr[data-delivery='" + deadId + "'] td.state"))).isEqualTo("DEAD");
        assertThat(text(row)).contains(reference).contains("503");

        ERP.accept(reference);
        click(By.cssSelector("#deliveries tr[data-delivery='" + deadId + "'] button.replay"));
        waiting(20).until(ExpectedConditions.textToBe(
                By.cssSelector("#deliveries tr[data-delivery='" + deadId + "'] td.state"), "DELIVERED"));
        assertThat(outbox.find(deadId).orElseThrow().state()).isEqualTo("DELIVERED");
        assertThat(ERP.accepted(reference)).isNotEmpty();
    }

    @Test
    void aVisitorWithoutAKeyIsRefused() throws Exception {
        for (String page : List.of("/console", "/console/batches", "/console/batches/x", "/console/payments?reference=x",
                "/console/payments?status=FAILED", "/console/failures", "/console/trends?window=week",
                "/console/deliveries", "/console/bridge", "/console/assets/console.js")) {
            driver.get(url(page));
            assertThat(driver.getCurrentUrl()).as(page).startsWith(url("/console/login"));
            assertThat(driver.findElements(By.id("key"))).as(page).hasSize(1);
        }
        driver.get(url("/console/api/overview"));
        assertThat(driver.getPageSource()).contains("Unauthorized").doesNotContain("payments");

        for (String path : List.of("/console/api/overview", "/console/api/batches", "/console/api/batches/x",
                "/console/api/batches/x/result.csv", "/console/api/batches/x/validation.csv",
                "/console/api/payments/x", "/console/api/deliveries", "/console/api/bridge", "/console/api/payments",
                "/console/api/payments?status=FAILED", "/console/api/payments.csv", "/console/api/failures",
                "/console/api/trends?window=day")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url(path))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(401);
        }
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(url("/console/api/deliveries/1/replay")))
                .header("Cookie", ConsoleAuth.COOKIE + "=forged-session").POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url("/console/batches"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValue("/console/login?next=%2Fconsole%2Fbatches");
        // the sign-in never sends anyone off the console
        HttpResponse<String> offSite = http.send(HttpRequest.newBuilder(URI.create(url("/console/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("key=hub_dev_key&next=%2F%2Fevil.example%2Fconsole")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(offSite.headers().firstValue("Location")).hasValue("/console");
        // an API key as a bearer header is not a console session
        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create(url("/console/api/overview")))
                .header("Authorization", "Bearer hub_dev_key").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).isEqualTo(401);
    }

    @Test
    void theCryptoBridgePageShowsTransfersOrSaysTheBridgeIsNotThere() {
        signIn();
        driver.get(url("/console/bridge"));
        if (bridge.available()) {
            waiting(10).until(ExpectedConditions.textToBe(By.tagName("h1"), "Crypto bridge"));
            waiting(10).until(d -> !d.findElements(By.id("transfers")).isEmpty()
                    || d.findElement(By.id("main")).getText().contains("No transfer yet."));
        } else {
            WebElement notice = waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("bridge-unavailable")));
            assertThat(notice.getText()).contains("not available");
        }
    }
}
