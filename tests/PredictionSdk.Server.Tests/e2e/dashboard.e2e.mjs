// Usage: node dashboard.e2e.mjs <base-url> <screenshot.png>
// Opens the dashboard in headless Chromium and checks that live data arrives and the theme switch works.
import { chromium } from 'playwright-core';

const [baseUrl, screenshot] = process.argv.slice(2);
if (!baseUrl || !screenshot) {
  console.error('usage: node dashboard.e2e.mjs <base-url> <screenshot.png>');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };

try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(baseUrl, { waitUntil: 'domcontentloaded' });

  await page.waitForSelector('#chart canvas', { timeout: 15000 });
  check(true, 'chart rendered');
  const options = await page.locator('[data-testid=symbol] option').count();
  check(options > 0, `symbol list filled (${options} symbols)`);

  await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent === 'live', null, { timeout: 15000 });
  check(true, 'WebSocket connected');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=candle-count]').textContent) >= 3, null, { timeout: 30000 });
  check(true, 'candles arrive over the WebSocket');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=prediction-count]').textContent) >= 2, null, { timeout: 30000 });
  const predicted = await page.locator('[data-testid=prediction] [data-field=predicted_price]').textContent();
  check(/^\d/.test(predicted ?? ''), `predictions arrive over the WebSocket (predicted ${predicted})`);

  const before = await page.evaluate(() => document.documentElement.dataset.theme);
  const backgroundBefore = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.click('[data-testid=theme-toggle]');
  const after = await page.evaluate(() => document.documentElement.dataset.theme);
  const backgroundAfter = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  check(before !== after && backgroundBefore !== backgroundAfter, `theme switch ${before} -> ${after} (${backgroundBefore} -> ${backgroundAfter})`);

  await page.selectOption('[data-testid=timeframe]', '5m');
  await page.waitForTimeout(500);
  check(errors.length === 0, `no page errors${errors.length ? ': ' + errors.join('; ') : ''}`);

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);
} catch (error) {
  failures.push(String(error));
  console.error(error);
} finally {
  await browser.close();
}

if (failures.length) {
  console.error(`${failures.length} check(s) failed`);
  process.exit(1);
}
