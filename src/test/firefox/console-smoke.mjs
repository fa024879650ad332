// Drives the console in headless Firefox ESR over WebDriver BiDi (puppeteer-core, no geckodriver): an agent logs in,
// searches, opens a customer's 360 view at 1280 px and at tablet size; an admin sees the dashboard refresh.
// Usage: node console-smoke.mjs HUB_URL SCREENSHOT_DIR. Prints what it saw as one JSON line on stdout (ConsoleFirefoxTest
// asserts on it) and exits 1 with {"error": ...} when a step fails. FIREFOX names another Firefox binary.
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const [base, screenshotDir] = process.argv.slice(2);
const STEP_TIMEOUT_MS = 20000;
const testId = (id) => `[data-testid="${id}"]`;
const started = Date.now();
const seen = { timings: {} };
let step = 'launch';

function reached(next) {
  seen.timings[step] = Date.now() - started;
  step = next;
}

async function texts(page, id) {
  return page.$$eval(testId(id), (nodes) => nodes.map((node) => node.textContent.trim()));
}

async function attributes(page, id, name) {
  return page.$$eval(testId(id), (nodes, attribute) => nodes.map((node) => node.getAttribute(attribute)), name);
}

async function fitsWidth(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
}

async function screenshot(page, name) {
  const file = path.join(screenshotDir, `firefox-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

async function login(page, user, password) {
  await page.locator(testId('login-user')).fill(user);
  await page.locator(testId('login-password')).fill(password);
  await page.locator(testId('login-submit')).click();
  await page.waitForFunction((selector, name) => document.querySelector(selector)?.textContent === name, {},
    testId('current-user'), user);
}

async function agentFindsNora(page) {
  await page.goto(`${base}/admin/`);
  await login(page, 'agent', 'agent');
  seen.agentAdminTabs = (await page.$$(testId('nav-dashboard'))).length;
  reached('search');
  await page.locator(testId('search-input')).fill('Nora Lindqvist');
  await page.locator(testId('search-submit')).click();
  await page.waitForSelector(testId('search-result'), { visible: true });
  seen.searchResults = await texts(page, 'search-result');
  reached('customer-360');
  await page.locator(testId('search-result')).click();
  await page.waitForSelector(testId('customer-360'), { visible: true });
  await page.waitForFunction((selector) => document.querySelectorAll(selector).length >= 4, {}, testId('timeline-item'));
  seen.customerName = (await texts(page, 'customer-name'))[0];
  seen.sourceKeys = await texts(page, 'source-key');
  seen.timelineChannels = [...new Set(await attributes(page, 'timeline-item', 'data-channel'))];
  seen.channelTotalRows = (await page.$$(testId('channel-total-row'))).length;
  seen.provenanceBadges = (await page.$$(testId('provenance-badge'))).length;
  reached('screenshots');
  await page.setViewport({ width: 1280, height: 1600 });
  seen.fitsWidth1280 = await fitsWidth(page);
  const wide = await screenshot(page, 'customer-360');
  await page.setViewport({ width: 820, height: 1180 });
  await page.waitForSelector(testId('customer-360'), { visible: true });
  seen.fitsWidthTablet = await fitsWidth(page);
  seen.screenshots = [wide, await screenshot(page, 'customer-360-tablet')];
  reached('logout');
  await page.setViewport({ width: 1280, height: 900 });
  await page.locator(testId('logout')).click();
  await page.waitForSelector(testId('login-user'), { visible: true });
}

async function adminSeesDashboard(page) {
  await login(page, 'admin', 'admin');
  await page.locator(testId('nav-dashboard')).click();
  await page.waitForSelector(testId('dashboard'), { visible: true });
  await page.waitForFunction((selector) => document.querySelectorAll(selector).length >= 4, {}, testId('dashboard-channel'));
  seen.dashboardChannels = await attributes(page, 'dashboard-channel', 'data-channel');
  // the dashboard refreshes every 5 s: a second, different "updated" time shows it is live
  const updated = await page.waitForFunction((selector) => {
    const text = document.querySelector(selector)?.textContent ?? '';
    return !text.includes('loading') && text;
  }, {}, testId('dashboard-updated')).then((handle) => handle.jsonValue());
  await page.waitForFunction((selector, first) => document.querySelector(selector)?.textContent !== first, {},
    testId('dashboard-updated'), updated);
  seen.dashboardRefreshed = true;
  seen.screenshots.push(await screenshot(page, 'dashboard'));
}

let browser;
try {
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    headless: true,
  });
  seen.browser = await browser.version();
  reached('login');
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  await page.setViewport({ width: 1280, height: 900 });
  await agentFindsNora(page);
  reached('dashboard');
  await adminSeesDashboard(page);
  reached('done');
  console.log(JSON.stringify(seen));
} catch (error) {
  seen.error = `${step}: ${error.message}`;
  console.log(JSON.stringify(seen));
  process.exitCode = 1;
} finally {
  await browser?.close();
}
