package io.stagegate.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.stagegate.Api;
import io.stagegate.ProjectFixtures;
import io.stagegate.StagegateIntegrationTest;
import java.io.File;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Cockpit plugin in a real browser: Debian's Chromium, driven by Debian's chromedriver, logs in through Cockpit's
 * own login form. The auditor finds the retired demo pilot with its gate decisions, their evidence and a valid
 * chain; a developer, who may use Cockpit but not read the audit, is refused and sees none of it.
 *
 * <p>Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (Debian: {@code apt-get install chromium
 * chromium-driver}); other paths through {@code -Dchromium.binary} and {@code -Dchromedriver.binary}. Without them the
 * test fails and says so, unless {@code -DskipBrowserTests=true}.
 */
@StagegateIntegrationTest
class CockpitAuditPluginTests {

    private static final String PILOT = "Call-centre summarisation pilot";

    @LocalServerPort
    int port;

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() {
        Assumptions.assumeFalse(Boolean.getBoolean("skipBrowserTests"), "browser tests skipped on request");
        File chromium = new File(System.getProperty("chromium.binary", "/usr/bin/chromium"));
        File driver = new File(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
        if (!chromium.canExecute() || !driver.canExecute()) {
            fail("The Cockpit plugin test needs Chromium at " + chromium + " and chromedriver at " + driver
                    + ": install them (Debian: apt-get install -y chromium chromium-driver), point"
                    + " -Dchromium.binary/-Dchromedriver.binary at them, or skip with -DskipBrowserTests=true");
        }
        ChromeOptions options = new ChromeOptions()
                .setBinary(chromium)
                .addArguments(
                        "--headless=new",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-dev-shm-usage",
                        "--window-size=1400,1000");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        // an explicit driver executable: Selenium Manager is never asked to download one
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driver)
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        // generous: Cockpit's scripts are large and the build machine may be busy; a working page is much faster
        wait = new WebDriverWait(browser, Duration.ofSeconds(180));
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void auditorReadsTheRetiredPilotWithItsGateDecisionsAndChainState() {
        // a portfolio larger than a screen, so the auditor has to find the pilot (the shared context may hold many
        // more projects from other tests; the first full build showed the pilot scrolled out of Cockpit's view)
        ProjectFixtures fixtures = new ProjectFixtures(new Api(port));
        for (int i = 0; i < 40; i++) {
            fixtures.create("Audit plugin filler");
        }
        logIn("auditor");
        WebElement navigation = wait.until(
                ExpectedConditions.elementToBeClickable(By.xpath("//a[normalize-space()='Stagegate audit']")));
        navigation.click();

        WebElement filter = wait.until(ExpectedConditions.elementToBeClickable(By.className("sg-filter")));
        filter.sendKeys("call-centre pilot");

        WebElement pilot = wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//table[contains(@class,'sg-project-list')]//a[normalize-space()='" + PILOT + "']")));
        WebElement row = pilot.findElement(By.xpath("./ancestor::tr"));
        assertThat(row.findElement(By.className("sg-status")).getText()).isEqualTo("RETIRED");
        assertThat(row.findElement(By.className("sg-chain")).getText()).isEqualTo("chain valid");
        assertThat(browser.findElement(By.className("sg-verify")).getText()).isEqualTo("valid");

        pilot.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.className("sg-project-title"), PILOT));
        List<WebElement> decisions = browser.findElements(By.className("sg-decision"));
        assertThat(decisions).hasSizeGreaterThanOrEqualTo(5);
        assertThat(decisions.stream().map(d -> d.getAttribute("data-phase")))
                .contains("REQUIREMENTS", "VALIDATION", "OPERATION");
        assertThat(decisions.get(0).findElement(By.className("sg-decider")).getText())
                .isNotBlank();
        String evidence = decisions.get(0).getText();
        assertThat(evidence).contains("sha256").contains("signoffs").containsPattern("[0-9a-f]{64}");
        assertThat(browser.findElement(By.className("sg-detail"))
                        .findElement(By.className("sg-chain"))
                        .getText())
                .isEqualTo("chain valid");
        assertThat(browser.findElements(By.cssSelector(".sg-events tbody tr"))).hasSizeGreaterThan(10);
        assertThat(browser.findElements(By.cssSelector(".sg-tasks tbody tr"))).isNotEmpty();
        String auditFile = browser.findElement(By.className("sg-audit-file")).getAttribute("href");
        assertThat(auditFile).endsWith("/audit-file.html");

        // the printable audit file opens with the same Cockpit session, no second login
        browser.get(auditFile);
        wait.until(ExpectedConditions.titleContains(PILOT));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains(PILOT);
    }

    @Test
    void userWithoutAuditRightsIsRefusedAndSeesNoProject() {
        logIn("dev");
        browser.get(cockpit() + "#/stagegate-audit");
        WebElement refusal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.className("sg-refusal")));
        assertThat(refusal.getAttribute("data-status")).isEqualTo("403");
        assertThat(refusal.getText()).contains("auditors");
        assertThat(browser.findElements(By.className("sg-project-link"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain(PILOT);
    }

    private void logIn(String user) {
        WebElement name = null;
        // Cockpit loads its modules with RequireJS, which gives up after 7 s per module: on a busy build machine
        // the first, cold load can time out before any of our code runs. A reload (warm cache) is fair; three
        // failures are not.
        for (int attempt = 1; name == null; attempt++) {
            browser.get(cockpit());
            try {
                name = new WebDriverWait(browser, Duration.ofSeconds(60))
                        .until(ExpectedConditions.visibilityOfElementLocated(
                                By.cssSelector("form[name=signinForm] input[type=text]")));
            } catch (TimeoutException e) {
                if (attempt == 3) {
                    throw new AssertionError(
                            "No Cockpit login form at " + browser.getCurrentUrl() + "; " + diagnosis(), e);
                }
            }
        }
        name.sendKeys(user);
        browser.findElement(By.cssSelector("form[name=signinForm] input[type=password]"))
                .sendKeys("demo");
        browser.findElement(By.cssSelector("form[name=signinForm] button[type=submit]"))
                .click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("form[name=signinForm]")));
    }

    /** What the page shows and what the browser logged: enough to see why Cockpit did not come up. */
    private String diagnosis() {
        String body = browser.findElement(By.tagName("body")).getText();
        String console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(entry -> entry.getLevel() + " " + entry.getMessage())
                .collect(Collectors.joining("\n"));
        return "page text: " + body.substring(0, Math.min(body.length(), 1000)) + "\nbrowser console:\n" + console;
    }

    private String cockpit() {
        return "http://localhost:" + port + "/camunda/app/cockpit/default/";
    }
}
