package io.kotanihub.ops.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kotanihub.support.HubTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's receivables page in a real headless Chromium (issue 15), on the shared hub context paying at its real
 * sandbox: an invoice issued over the REST API and paid by the customer through the payment link's public call shows
 * up as PAID with its amount paid, nothing outstanding and its payment; the payment opens the payment timeline; a
 * visitor without a session sees neither the page nor its data. Writes {@code target/console-receivables.png}.
 */
@ExtendWith(BrowserAvailable.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@HubTest
class ReceivablesBrowserTest {

    @LocalServerPort
    int port;

    @Value("${hub.sandbox.port}")
    int sandboxPort;

    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    final ObjectMapper json = new ObjectMapper();
    HeadlessChromium browser;
    ChromeDriver driver;

    @BeforeAll
    void startBrowser() throws Exception {
        browser = HeadlessChromium.start("receivables", "1400,900");
        driver = browser.driver;
    }

    @AfterAll
    void stopBrowser() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aSignedInOperatorSeesAnInvoicePaidThroughItsLinkAndAVisitorSeesNothing() throws Exception {
        String ref = "RCV-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = send("POST", "http://localhost:" + port + "/api/v1/invoices",
                "{\"reference\":\"" + ref + "\",\"amount\":\"640.00\",\"currency\":\"KES\","
                        + "\"customer\":{\"name\":\"Jane Doe\",\"phone\":\"+254700000001\"}}", "hub_dev_key");
        assertThat(created.statusCode()).as(created.body()).isIn(201, 202);
        await().atMost(Duration.ofSeconds(30)).until(() -> !invoice(ref).path("link").isNull());
        String shortCode = invoice(ref).at("/link/shortCode").asText();
        HttpResponse<String> paid = send("POST", "http://localhost:" + sandboxPort + "/payment-links/" + shortCode
                + "/pay", "{\"phoneNumber\":\"+254700000001\",\"paymentMethod\":\"MOBILE_MONEY\",\"network\":\"MPESA\"}",
                null);
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        String payment = json.readTree(paid.body()).at("/data/referenceId").asText();
        await().atMost(Duration.ofSeconds(60)).until(() -> "PAID".equals(invoice(ref).path("status").asText()));

        // a visitor: the page leads to the sign-in, its data call is refused, nothing of the invoice shows
        HttpResponse<String> page = send("GET", url("/console/receivables"), null, null);
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location").orElse("")).startsWith("/console/login");
        HttpResponse<String> data = send("GET", url("/console/api/receivables"), null, null);
        assertThat(data.statusCode()).isEqualTo(401);
        assertThat(data.body()).doesNotContain(ref);
        driver.manage().deleteAllCookies();
        driver.get(url("/console/receivables"));
        waiting(10).until(ExpectedConditions.urlContains("/console/login"));
        assertThat(driver.getPageSource()).doesNotContain(ref);

        // signed in (the sign-in leads back to the receivables page)
        driver.findElement(By.id("key")).sendKeys("hub_dev_key");
        driver.findElement(By.id("sign-in")).click();
        waiting(10).until(ExpectedConditions.urlToBe(url("/console/receivables")));
        By row = By.cssSelector("#invoices tr[data-reference='" + ref + "']");
        WebElement invoiceRow = waiting(20).until(ExpectedConditions.presenceOfElementLocated(row));
        waiting(20).until(d -> "PAID".equals(d.findElement(row).getAttribute("data-status")));
        invoiceRow = driver.findElement(row);
        assertThat(invoiceRow.findElement(By.cssSelector(".status")).getText()).isEqualTo("PAID");
        assertThat(invoiceRow.findElement(By.cssSelector("td.paid")).getText()).isEqualTo("640 KES");
        assertThat(invoiceRow.findElement(By.cssSelector("td.outstanding")).getText()).isEqualTo("0 KES");
        assertThat(invoiceRow.findElement(By.linkText(shortCode)).getAttribute("href")).endsWith(shortCode);
        WebElement paymentItem = invoiceRow.findElement(By.cssSelector("li[data-reference='" + payment + "']"));
        assertThat(paymentItem.getText()).contains("SUCCESSFUL", "640 KES", "fee");
        assertThat(driver.findElement(By.cssSelector("header nav a.active")).getText()).isEqualTo("Receivables");
        Files.write(Path.of("target/console-receivables.png"), driver.getScreenshotAs(OutputType.BYTES));

        // filtered by status
        driver.get(url("/console/receivables?status=OPEN"));
        waiting(10).until(ExpectedConditions.presenceOfElementLocated(By.id("filters")));
        waiting(10).until(d -> !d.findElements(By.id("invoices")).isEmpty() || !d.findElements(By.id("no-invoices")).isEmpty());
        assertThat(driver.findElements(row)).isEmpty();

        // the link payment in the payment timeline
        driver.get(url("/console/receivables"));
        waiting(20).until(ExpectedConditions.presenceOfElementLocated(By.linkText(payment))).click();
        waiting(10).until(ExpectedConditions.urlContains("/console/payments?reference="));
        WebElement timeline = waiting(20).until(ExpectedConditions.presenceOfElementLocated(By.id("timeline")));
        assertThat(driver.findElement(By.id("payment")).getText()).contains(payment, "SUCCESSFUL", "INVOICE");
        waiting(20).until(d -> d.findElement(By.id("timeline")).getText().contains("payment_link.payment.updated"));
        assertThat(driver.findElement(By.id("timeline")).getText()).contains("Invoice " + ref,
                "payment_link.created", "Kotani webhook", "Status SUCCESSFUL");
        assertThat(timeline).isNotNull();

        // signed out, the page is gone again
        driver.get(url("/console/receivables"));
        waiting(10).until(ExpectedConditions.elementToBeClickable(By.id("sign-out"))).click();
        waiting(10).until(ExpectedConditions.urlContains("/console/login"));
        driver.get(url("/console/receivables"));
        waiting(10).until(ExpectedConditions.urlContains("/console/login"));
        assertThat(driver.getPageSource()).doesNotContain(ref);
    }

    private JsonNode invoice(String ref) throws Exception {
        HttpResponse<String> answer = send("GET", "http://localhost:" + port + "/api/v1/invoices/" + ref, null,
                "hub_dev_key");
        return json.readTree(answer.body());
    }

    private HttpResponse<String> send(String method, String url, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private WebDriverWait waiting(int seconds) {
        return browser.waiting(seconds);
    }
}
