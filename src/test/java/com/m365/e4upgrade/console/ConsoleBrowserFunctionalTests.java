package com.m365.e4upgrade.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.m365.e4upgrade.testsupport.ChildJvm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's chromium, headless, driven by chromium-driver.
 * An operator signs in, uploads input-samples/, previews, starts the real run from the
 * reviewed preview, watches it reach 100 %, looks at the tables, downloads a report and
 * reads its rows, and switches to French. Each page is saved as a screenshot under
 * target/console-screenshots/ (docs/console/ holds copies). Skipped only where
 * chromium-driver is not installed: .ci/run installs it.
 */
class ConsoleBrowserFunctionalTests {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static final Path SAMPLES = Path.of("input-samples").toAbsolutePath();

    private static RunningConsole console;

    private static WebDriver browser;

    private static Path downloads;

    @BeforeAll
    static void openTheBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)");
        console = RunningConsole.get();
        Files.createDirectories(SCREENSHOTS);
        downloads = Files.createDirectories(console.workDir.resolve("downloads"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1000", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false, "intl.accept_languages", "en-US,en"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anOperatorPreviewsStartsWatchesAndDownloads() throws IOException {
        browser.get(console.base + "/");
        assertThat(browser.getCurrentUrl()).endsWith("/login");
        screenshot("01-sign-in");
        browser.findElement(By.id("username")).clear();
        browser.findElement(By.id("username")).sendKeys("operator");
        browser.findElement(By.id("password")).sendKeys(RunningConsole.OPERATOR_PASSWORD);
        browser.findElement(By.id("sign-in")).click();
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "operator"));

        // a file the job would refuse is refused on the form, naming the file, line and
        // column
        browser.findElement(By.id("nav-new")).click();
        browser.findElement(By.id("tenants")).sendKeys(SAMPLES.resolve("users.csv").toString());
        browser.findElement(By.id("users")).sendKeys(SAMPLES.resolve("users.csv").toString());
        browser.findElement(By.id("preview")).click();
        WebElement refused = waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("upload-error")));
        assertThat(refused.getText()).startsWith("e4-upgrade: users.csv: line 1, column subscription_id");
        screenshot("02-refused-file");

        browser.findElement(By.id("tenants")).sendKeys(SAMPLES.resolve("tenants.csv").toString());
        browser.findElement(By.id("users")).sendKeys(SAMPLES.resolve("users.csv").toString());
        screenshot("03-new-migration");
        browser.findElement(By.id("preview")).click();
        awaitStatus("COMPLETED");
        assertThat(browser.findElement(By.cssSelector("h1 .tag")).getText()).contains("dry run");
        waitFor().until(driver -> rowsOf("tenants").size() == 24);
        screenshot("04-preview");

        String preview = browser.getCurrentUrl();
        browser.findElement(By.id("real-run")).click();
        waitFor().until(ExpectedConditions.not(ExpectedConditions.urlToBe(preview)));
        awaitStatus("COMPLETED");
        waitFor().until(ExpectedConditions.textToBe(By.id("overall-percent"), "100 %"));
        assertThat(browser.findElement(By.id("overall-moved")).getText()).isEqualTo("43 / 43");
        assertThat(browser.findElements(By.cssSelector("#steps .step-status"))).extracting(WebElement::getText)
            .containsOnly("COMPLETED");
        waitFor().until(driver -> rowsOf("rejects").size() == 6);
        screenshot("05-migration");

        // the eligibility table filtered, and one tenant's users
        new Select(browser.findElement(By.name("verdict"))).selectByValue("MIGRATE");
        browser.findElement(By.cssSelector("#tenant-filter button")).click();
        waitFor().until(driver -> rowsOf("tenants").size() == 3);
        browser.findElement(By.cssSelector("#tenants a.tenant")).click();
        waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.id("tenant-users")));
        waitFor().until(driver -> !driver.findElements(By.cssSelector("#tenant-users tbody tr")).isEmpty());
        assertThat(browser.findElement(By.cssSelector("#tenant-users tbody")).getText()).contains("REASSIGNED");
        screenshot("06-eligibility-filtered");

        browser.findElement(By.cssSelector("a.report[data-name='reassignments.csv']")).click();
        List<String> rows = awaitDownload("reassignments.csv");
        assertThat(rows.get(0))
            .isEqualTo("tenant_id,user_id,user_principal_name,from_sku,to_sku,disabled_plans,status,detail,batch");
        assertThat(rows).hasSize(48);
        assertThat(rows.stream().filter(row -> row.contains(",REASSIGNED,"))).hasSize(43);
        assertThat(rows.stream().filter(row -> row.contains(",SKIPPED,"))).hasSize(4);
        assertThat(rows).anyMatch(row -> row.contains("alex.wilber@contoso.com") && row.contains(",SPE_E5,"));

        browser.get(console.base + "/?lang=fr");
        assertThat(browser.findElement(By.cssSelector("#migrations thead")).getText()).contains("Lancée par");
        // the preview and the real run, among those of the other tests that share the
        // console
        assertThat(browser.findElements(By.cssSelector("#migrations tbody tr")).size()).isGreaterThanOrEqualTo(2);
        screenshot("07-migrations-fr");
        browser.get(console.base + "/?lang=en");
        screenshot("08-migrations");
    }

    private List<WebElement> rowsOf(String table) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr"));
    }

    private void awaitStatus(String status) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("status"), status));
    }

    private WebDriverWait waitFor() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private List<String> awaitDownload(String report) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(downloads)) {
                Path done = files.filter(file -> file.getFileName().toString().endsWith(report))
                    .findFirst()
                    .orElse(null);
                if (done != null && Files.size(done) > 0) {
                    return Files.readAllLines(done, StandardCharsets.UTF_8);
                }
            }
            ChildJvm.pause(Duration.ofMillis(200));
        }
        throw new AssertionError(report + " was not downloaded into " + downloads);
    }

    /** The whole page, not only what the window shows. */
    private void screenshot(String name) throws IOException {
        Number height = (Number) ((JavascriptExecutor) browser)
            .executeScript("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        browser.manage().window().setSize(new Dimension(1400, Math.min(6000, Math.max(1000, height.intValue() + 40))));
        File shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name + ".png"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        browser.manage().window().setSize(new Dimension(1400, 1000));
    }

}
