package org.customerhub;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through chromedriver, both from the system (Debian's chromium and chromium-driver, which
 * .ci/run installs; CHROMIUM and CHROMEDRIVER name others). Elements are found by their data-testid.
 */
public final class Browser implements AutoCloseable {
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final String base;

    public Browser(int httpPort) throws IOException {
        String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
        String chromedriver = System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!new File(chromium).canExecute() || !new File(chromedriver).canExecute()) {
            throw new IllegalStateException("the console tests need " + chromium + " and " + chromedriver
                    + ": apt-get install chromium chromium-driver (or set CHROMIUM and CHROMEDRIVER)");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // the background-networking flags keep Chromium from calling home, which a closed network refuses
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--window-size=1280,900", "--user-data-dir=" + Files.createTempDirectory("hub-chromium"));
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver)).build(), options);
        wait = new WebDriverWait(driver, Duration.ofSeconds(15));
        // the console re-renders a view when its data arrives: an element found a moment ago may be replaced
        wait.ignoring(StaleElementReferenceException.class);
        base = "http://127.0.0.1:" + httpPort;
    }

    public static By testId(String id) {
        return By.cssSelector("[data-testid='" + id + "']");
    }

    public void open(String path) {
        driver.get(base + path);
    }

    /** Opens any address, another site's page say. */
    public void openUrl(String url) {
        driver.get(url);
    }

    /** Runs a script in the page and answers what it returns. */
    public Object script(String javascript) {
        return ((JavascriptExecutor) driver).executeScript(javascript);
    }

    /** The first visible element with this test id, waiting for it to appear. */
    public WebElement find(String id) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(testId(id)));
    }

    public List<WebElement> all(String id) {
        return driver.findElements(testId(id));
    }

    /** Waits until at least count elements with this test id are present and answers them. */
    public List<WebElement> atLeast(String id, int count) {
        return wait.until(d -> {
            List<WebElement> found = d.findElements(testId(id));
            return found.size() >= count ? found : null;
        });
    }

    public void click(String id) {
        wait.until(ExpectedConditions.elementToBeClickable(testId(id))).click();
    }

    /** Clicks the element with childId inside the index-th element with rowId, again if the page re-rendered meanwhile. */
    public void clickIn(String rowId, int index, String childId) {
        wait.until(d -> {
            List<WebElement> rows = d.findElements(testId(rowId));
            if (rows.size() <= index) {
                return null;
            }
            rows.get(index).findElement(testId(childId)).click();
            return true;
        });
    }

    public void type(String id, String text) {
        WebElement field = find(id);
        field.clear();
        field.sendKeys(text);
    }

    /** Sets a text area's whole value at once, as a paste would, and tells the page it changed. */
    public void paste(String id, String text) {
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
                find(id), text);
    }

    /** Waits until the element with this test id shows some text, and answers it. */
    public String textOf(String id) {
        return wait.until(d -> {
            String text = find(id).getText();
            return text.isBlank() ? null : text;
        });
    }

    public void waitForText(String id, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(testId(id), text));
    }

    public void waitUntil(java.util.function.Function<ChromeDriver, Boolean> condition) {
        wait.until(d -> condition.apply(driver));
    }

    public void login(String user, String password) {
        open("/admin/");
        type("login-user", user);
        type("login-password", password);
        click("login-submit");
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** True when the page fits the window's width: nothing to scroll sideways. */
    public boolean fitsWidth() {
        return (Boolean) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth <= window.innerWidth;");
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** Saves what the page shows under target/screenshots/. */
    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.move(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
