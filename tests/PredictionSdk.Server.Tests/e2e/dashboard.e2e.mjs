// Usage: node dashboard.e2e.mjs <base-url> <screenshot.png> [api-key]
// Opens the dashboard in headless Chromium and checks that live data arrives and the theme switch works.
// With an API key (the server must require it): the dashboard asks for the key, refuses a wrong one, keeps the
// right one for the session (a reload does not ask again) and never puts it in a URL.
import { chromium } from 'playwright-core';

const [baseUrl, screenshot, apiKey] = process.argv.slice(2);
if (!baseUrl || !screenshot) {
  console.error('usage: node dashboard.e2e.mjs <base-url> <screenshot.png> [api-key]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const failures = [];
const check = (ok, what) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures.push(what); };
const text = (page, testId) => page.locator(`[data-testid=${testId}]`).textContent();

async function waitForLiveData(page) {
  await page.waitForSelector('#chart canvas', { timeout: 15000 });
  check(true, 'chart rendered');
  // The chart exists as soon as the script runs; the symbol list fills once /api/v1/symbols has answered.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=symbol] option').length > 0, null, { timeout: 15000 });
  const options = await page.locator('[data-testid=symbol] option').count();
  check(options > 0, `symbol list filled (${options} symbols)`);
  await page.waitForFunction(() => document.querySelector('[data-testid=status]').textContent === 'live', null, { timeout: 15000 });
  check(true, 'WebSocket connected');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=candle-count]').textContent) >= 3, null, { timeout: 30000 });
  check(true, 'candles arrive over the WebSocket');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=prediction-count]').textContent) >= 2, null, { timeout: 30000 });
  const predicted = await page.locator('[data-testid=prediction] [data-field=predicted_price]').textContent();
  check(/^\d/.test(predicted ?? ''), `predictions arrive over the WebSocket (predicted ${predicted})`);
}

async function enterKey(page, key) {
  await page.fill('[data-testid=api-key]', key);
  await page.click('[data-testid=api-key-submit]');
}

try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors = [];
  const urls = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('request', (r) => urls.push(r.url()));
  page.on('websocket', (ws) => urls.push(ws.url()));
  await page.goto(baseUrl, { waitUntil: 'domcontentloaded' });

  if (apiKey) {
    await page.waitForSelector('[data-testid=key-form]', { state: 'visible', timeout: 15000 });
    check(await text(page, 'status') === 'API key needed', 'the dashboard asks for the API key');
    await enterKey(page, 'not-the-key');
    await page.waitForFunction(() => document.querySelector('[data-testid=key-error]').textContent.includes('refused'), null, { timeout: 15000 });
    check(await page.isVisible('[data-testid=key-form]'), `a wrong key is refused (${await text(page, 'key-error')})`);
    await enterKey(page, apiKey);
    await page.waitForSelector('[data-testid=key-form]', { state: 'hidden', timeout: 15000 });
    check(true, 'the right key is accepted');
  }

  await waitForLiveData(page);

  if (apiKey) {
    const stored = await page.evaluate(() => sessionStorage.getItem('psdk-api-key'));
    check(stored === apiKey, 'the key is kept in session storage');
    await page.reload({ waitUntil: 'domcontentloaded' });
    await waitForLiveData(page);
    check(!(await page.isVisible('[data-testid=key-form]')), 'after a reload the dashboard streams without asking again');
    const encoded = Buffer.from(apiKey, 'utf8').toString('base64url');
    const leaking = urls.filter((u) => u.includes(apiKey) || u.includes(encodeURIComponent(apiKey)) || u.includes(encoded));
    check(leaking.length === 0, `the key is in no URL (${urls.length} requests${leaking.length ? ': ' + leaking.join(', ') : ''})`);
  }

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
